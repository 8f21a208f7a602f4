// Gallery viewer (ภาพประกอบ): a thumbnail's link opens the photo full screen in a <dialog>; ← → (and Home/End)
// go through the gallery, Esc or ปิด closes, a swipe left/right on a phone goes to the next/previous photo.
// Without this script each thumbnail is a plain link to the large photo. No inline style: classes in site.css.
const setUpGalleries = () => {
  const galleries = document.querySelectorAll("[data-gallery]");
  if (!galleries.length || typeof HTMLDialogElement !== "function") return;

  const el = (tag, props = {}) => Object.assign(document.createElement(tag), props);
  const dialog = el("dialog", { className: "gallery-viewer" });
  dialog.setAttribute("aria-label", "ภาพประกอบ");
  const close = el("button", { type: "button", className: "gallery-close", textContent: "ปิด ✕" });
  const prev = el("button", { type: "button", className: "gallery-prev", textContent: "‹" });
  const next = el("button", { type: "button", className: "gallery-next", textContent: "›" });
  prev.setAttribute("aria-label", "ภาพก่อนหน้า");
  next.setAttribute("aria-label", "ภาพถัดไป");
  const figure = el("figure", { className: "gallery-stage" });
  const img = el("img", { className: "gallery-photo", decoding: "async" });
  const caption = el("figcaption", { className: "gallery-caption" });
  const counter = el("p", { className: "gallery-counter" });
  counter.setAttribute("aria-live", "polite");
  figure.append(img, caption);
  dialog.append(close, prev, figure, next, counter);
  document.body.append(dialog);

  let links = [];
  let index = 0;
  let opener = null;

  const show = (i) => {
    index = (i + links.length) % links.length;
    const link = links[index];
    const thumb = link.querySelector("img");
    img.src = link.href;
    img.alt = thumb ? thumb.alt : "";
    caption.textContent = link.dataset.caption || "";
    counter.textContent = `ภาพที่ ${index + 1} จาก ${links.length}`;
  };

  galleries.forEach((gallery) => {
    const own = [...gallery.querySelectorAll("a.gallery-link")];
    own.forEach((link, i) => link.addEventListener("click", (event) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      links = own;
      opener = link;
      show(i);
      dialog.showModal();
      close.focus();
    }));
  });

  prev.addEventListener("click", () => show(index - 1));
  next.addEventListener("click", () => show(index + 1));
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => { img.removeAttribute("src"); if (opener) opener.focus(); });
  dialog.addEventListener("keydown", (event) => {
    const moves = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: links.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      show(moves[event.key]);
    }
  });
  // a click on the dark backdrop (outside the photo and the buttons) closes
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });

  let start = null;
  figure.addEventListener("touchstart", (event) => {
    start = event.touches.length === 1 ? { x: event.touches[0].clientX, y: event.touches[0].clientY } : null;
  }, { passive: true });
  figure.addEventListener("touchend", (event) => {
    if (!start) return;
    const touch = event.changedTouches[0];
    const dx = touch.clientX - start.x;
    const dy = touch.clientY - start.y;
    start = null;
    if (Math.abs(dx) > 40 && Math.abs(dx) > 1.5 * Math.abs(dy)) show(index + (dx < 0 ? 1 : -1));
  });
};
// at idle time, after the first paint: until then a thumbnail is its plain link (Lighthouse's blocking time)
(window.requestIdleCallback || setTimeout)(setUpGalleries, { timeout: 2000 });
