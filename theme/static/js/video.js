// Click-to-load videos (plugins/video_embeds): until the reader presses เล่นวิดีโอ the page asks YouTube or
// Facebook for nothing; the click puts the provider's player (youtube-nocookie.com for YouTube) in an <iframe>.
// Without this script the poster stays a plain link to the video's page.
// At idle time, after the first paint: until then the poster is its plain link (Lighthouse's blocking time).
const setUpVideos = () => document.querySelectorAll("figure.video-embed[data-video-player]").forEach((figure) => {
  const player = figure.dataset.videoPlayer;
  if (!/^https:\/\/(www\.youtube-nocookie\.com\/embed\/|www\.facebook\.com\/plugins\/video\.php\?)/.test(player)) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "video-play";
  button.textContent = `▶ เล่นวิดีโอ (${figure.dataset.videoTitle || "วิดีโอ"})`;
  button.addEventListener("click", () => {
    const frame = document.createElement("iframe");
    frame.className = "video-frame";
    frame.src = player;
    frame.title = figure.dataset.videoTitle || "วิดีโอ";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    button.replaceWith(frame);
    frame.focus();
  }, { once: true });
  figure.prepend(button);
});
(window.requestIdleCallback || setTimeout)(setUpVideos, { timeout: 2000 });
