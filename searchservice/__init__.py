"""Search service: a Thai full-text index of the published stories (SQLite FTS5, words cut by PyThaiNLP for both
the stories and the query) and its HTTP API, `GET /api/search`.

records.py      SearchRecord: what is indexed of one story (built from the story contract by the search plugin)
thai_tokens.py  the one tokenizer of stories and queries (newmm words, meaningful compound parts)
index_rows.py   a record as the token columns the FTS5 table stores
query.py        a reader's query (words, "phrases", filters, sort, page) as an FTS5 MATCH expression
excerpt.py      highlighted excerpts
store.py        the index file: full rebuild with an atomic swap, one-story put/remove, search
app.py          the Starlette app (mounted under /api by scripts/serve.py; alone: python -m searchservice)
"""
