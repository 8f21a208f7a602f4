"""Defaults of the listings plugin (province, agency and reporter list pages)."""

DEFAULTS = {
    "PROVINCE_URL": "province/{slug}/",  # address of a province's list page
    "PROVINCE_SAVE_AS": "province/{slug}/index.html",
    "AGENCY_URL": "agency/{slug}/",  # address of an agency's list page
    "AGENCY_SAVE_AS": "agency/{slug}/index.html",
    "AGENCIES_SAVE_AS": "agency/index.html",  # the page listing every agency
    "REPORTER_URL": "reporter/{slug}/",  # address of a reporter's list page (slug: nuea.reporters)
    "REPORTER_SAVE_AS": "reporter/{slug}/index.html",
}
