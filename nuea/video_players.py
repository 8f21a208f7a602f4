"""The video players a story page may frame: the origins a reader's click on a video poster loads
(plugins/video_embeds), and exactly the CSP's frame-src (plugins/content_security)."""

YOUTUBE_PLAYER = "https://www.youtube-nocookie.com"  # YouTube's privacy-enhanced player
FACEBOOK_PLAYER = "https://www.facebook.com"  # Facebook's video plugin (/plugins/video.php)
FRAMED = (YOUTUBE_PLAYER, FACEBOOK_PLAYER)
