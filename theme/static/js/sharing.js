// sharing: copy-link buttons copy the story's canonical address (without this script they are plain links).
document.addEventListener("click", async (event) => {
  const link = event.target.closest && event.target.closest('a[data-share="copy"]');
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  try {
    await navigator.clipboard.writeText(link.href);
    const label = link.querySelector(".share__label");
    const before = label.textContent;
    label.textContent = link.dataset.copied;
    setTimeout(() => { label.textContent = before; }, 2000);
  } catch (err) {
    window.location.href = link.href;
  }
});
