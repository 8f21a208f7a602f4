// ติดตามข่าว page: copy a feed address with one press. Without JavaScript the addresses stay selectable.
(function () {
  "use strict";
  var status = document.querySelector(".feeds-status");

  function say(text) {
    if (status) status.textContent = text;
  }

  function copyText(text, input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older browsers and plain-http pages: select the field and use the legacy command.
    input.focus();
    input.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  document.querySelectorAll(".feed-copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var input = button.parentNode.querySelector(".feed-url");
      copyText(button.dataset.copy, input).then(
        function () {
          button.textContent = "คัดลอกแล้ว";
          say("คัดลอกที่อยู่ฟีดแล้ว: " + button.dataset.copy);
          setTimeout(function () { button.textContent = "คัดลอก"; }, 2000);
        },
        function () {
          input.focus();
          input.select();
          say("คัดลอกอัตโนมัติไม่ได้ กรุณากด Ctrl+C (หรือ ⌘+C) เพื่อคัดลอกที่อยู่ที่เลือกไว้");
        }
      );
    });
  });

  document.querySelectorAll(".feed-url").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
