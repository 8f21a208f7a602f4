"""Importing the old PHP site: one saved story page (scripts/import_legacy.py) or a whole saved mirror
(scripts/import_archive.py). Both use the same parts:

  page_text      bytes -> text (charset rules) -> lines, photos and captions with their line in the file
  story_page     the old story layout recognised in those lines -> LegacyStory, or why not
  story_file     LegacyStory -> the text of a story file (content/news/<BE year>/<id>.md)
  old_site_names the old site's names for registry agencies: aliases, section folders (content/agencies.toml)
  mirror_paths   a wget --mirror file name -> the old address; story addresses -> (section, old id)
  mirror_photos  a page's photo -> the file in the mirror -> a file the images plugin accepts
  archive_state  SQLite state of archive imports (what was read, what was written)
  archive_group  one story (all its saved addresses) -> one story file and its photos (runs in a worker)
  archive_run    walk a mirror, import every group in parallel, record, report
  archive_report the terminal summary, CSV and HTML report
"""
