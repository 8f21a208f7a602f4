"""Settings of the site_icons plugin, with their defaults. Override any of them in pelicanconf.py."""

DEFAULTS = {
    # the square logo the icons are drawn from (path under the theme's static folder)
    "SITE_ICONS_LOGO": "img/nuea-news-logo.png",
    # the name under the icon on a phone's home screen; "" = SITENAME
    "SITE_ICONS_SHORT_NAME": "ข่าวเหนือ",
    "SITE_ICONS_DESCRIPTION": "ข่าวประชาสัมพันธ์จากหน่วยงานภาครัฐในภาคเหนือตอนบน",
    # the browser bar colour (the header's blue) and the colour behind opaque icons (the logo's navy)
    "SITE_ICONS_THEME_COLOR": "#1f4e8c",
    "SITE_ICONS_BACKGROUND": "#0f2f57",
}


def get(settings, key):
    """The value of a site_icons setting: the site's own, else the default."""
    return settings.get(key, DEFAULTS[key])
