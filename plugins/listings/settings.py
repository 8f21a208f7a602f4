"""Defaults of the listings plugin (province and agency list pages)."""

DEFAULTS = {
    "PROVINCE_URL": "province/{slug}/",  # address of a province's list page
    "PROVINCE_SAVE_AS": "province/{slug}/index.html",
    "AGENCY_URL": "agency/{slug}/",  # address of an agency's list page
    "AGENCY_SAVE_AS": "agency/{slug}/index.html",
    "AGENCIES_SAVE_AS": "agency/index.html",  # the page listing every agency
}
