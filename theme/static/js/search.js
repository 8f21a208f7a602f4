// search: the ค้นหาข่าว page. Asks the search service first (GET /api/search: stories and query cut into Thai words
// by PyThaiNLP on the server); when it does not answer, the static Pagefind index runs in the browser instead.
// Query, filters (province / agency / section), date range and sort live in the address, so searches can be shared.
performance.mark("search-start"); // (bench/search_first_visit.py: when the script began to run)
const root = document.querySelector("[data-search]");
const form = root.querySelector(".search-form");
const input = form.querySelector("input[name=q]");
const selects = [...form.querySelectorAll("select[data-filter]")];
const dateInputs = [...form.querySelectorAll("input[type=date]")];
const sortSelect = form.querySelector("select[name=sort]");
const statusLine = root.querySelector(".search-status");
const suggestionList = root.querySelector(".search-suggestions");
const list = root.querySelector(".search-results");
const more = root.querySelector(".search-more");
const pageSize = Number(root.dataset.pageSize) || 10;
const siteBase = new URL(root.dataset.site, location.href).pathname;
const apiUrl = root.dataset.api ? new URL(root.dataset.api, location.href) : null;
const API_TIMEOUT_MS = 3000;
const collator = new Intl.Collator("th");
const thaiDate = new Intl.DateTimeFormat("th-TH-u-ca-buddhist", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

class Unavailable extends Error {}
class QueryProblem extends Error {}

let backend = null;
let runId = 0;

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// The state of the form: what the address and both backends understand.
function formState() {
  const filters = {};
  for (const s of selects) if (s.value) filters[s.dataset.filter] = s.value;
  const [from, to] = dateInputs.map((d) => d.value);
  return { q: input.value.trim(), filters, from, to, sort: sortSelect.value || "relevance" };
}

function stateParams(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [k, v] of Object.entries(state.filters)) params.set(k, v);
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  if (state.sort !== "relevance") params.set("sort", state.sort);
  return params;
}

// ---- the search service ----------------------------------------------------------------------------------------
function serviceBackend() {
  let state = null, page = 0, pages = 0;

  // The answer search-early.js already asked for, if it is this URL's (once: later pages ask anew). If it has not
  // run yet, it is told not to ask (an empty list).
  window.searchEarly = window.searchEarly || [];
  function early(url) {
    const asked = (window.searchEarly || []).find((e) => e.url === url.href);
    if (asked) window.searchEarly = window.searchEarly.filter((e) => e !== asked);
    return asked && asked.answer;
  }

  async function get(path, params) {
    const url = new URL(apiUrl);
    url.pathname += path;
    url.search = params ? params.toString() : "";
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), API_TIMEOUT_MS);
    let response;
    try {
      response = await (early(url) || fetch(url, { signal: abort.signal, headers: { Accept: "application/json" } }));
    } catch (error) {
      throw new Unavailable(String(error));
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 400) throw new QueryProblem((await response.json()).error || "");
    if (!response.ok) throw new Unavailable(`HTTP ${response.status}`);
    return response.json();
  }

  const item = (r) => ({ url: new URL(r.url.replace(/^\//, ""), new URL(siteBase, location.href)).pathname, title: r.title,
    date: r.date, dateLabel: r.date_label, agency: r.agency, province: r.province, excerpt: r.excerpt });

  async function fetchPage() {
    const params = stateParams(state);
    if (page > 1) params.set("page", String(page));
    const body = await get("", params);
    pages = body.pages;
    return body;
  }

  return {
    name: "service",
    async filters() {
      const found = await get("/filters");
      return Object.fromEntries(["province", "agency", "section"].map((k) => [k, (found[k] || []).map((f) => f.name)]));
    },
    async search(next) {
      state = next; page = 1;
      const body = await fetchPage();
      return { total: body.total, items: body.results.map(item), hasMore: page < pages, suggestions: body.suggestions || [] };
    },
    async more() {
      page += 1;
      const body = await fetchPage();
      return { items: body.results.map(item), hasMore: page < pages };
    },
  };
}

// ---- the static fallback: Pagefind in the browser ------------------------------------------------------------
async function pagefindBackend() {
  const pagefind = await import(root.dataset.bundle + "pagefind.js");
  await pagefind.options({ excerptLength: 40, baseUrl: siteBase });
  pagefind.init();
  let results = [], shown = 0, words = [], range = null;

  const inRange = (data) => {
    if (!range) return true;
    const day = (data.meta.iso_date || "").slice(0, 10);
    return (!range.from || day >= range.from) && (!range.to || day <= range.to);
  };
  const item = (data) => ({ url: data.url, title: data.meta.title || data.url, date: data.meta.iso_date,
    dateLabel: data.meta.date, agency: data.meta.agency, province: data.meta.province, excerpt: excerptPieces(data.content || "", words) });

  async function next() {
    const batch = await Promise.all(results.slice(shown, shown + pageSize).map((r) => r.data()));
    shown += batch.length;
    return { items: batch.map(item), hasMore: shown < results.length };
  }

  return {
    name: "pagefind",
    async filters() {
      const found = await pagefind.filters();
      return Object.fromEntries(["province", "agency", "section"].map((k) => [k, Object.keys(found[k] || {}).sort(collator.compare)]));
    },
    async search(state) {
      const query = state.q.replace(/"/g, " ").trim();
      const options = { filters: state.filters };
      if (state.sort === "newest") options.sort = { date: "desc" };
      const search = await pagefind.search(query || null, options);
      words = query.split(/\s+/).filter(Boolean);
      range = state.from || state.to ? { from: state.from, to: state.to } : null;
      results = search.results;
      if (range) { // Pagefind has no date filter: keep the results whose date is in the range
        const all = [];
        for (let i = 0; i < results.length; i += 50) all.push(...await Promise.all(results.slice(i, i + 50).map((r) => r.data())));
        const kept = all.filter(inRange);
        results = kept.map((data) => ({ data: async () => data }));
      }
      shown = 0;
      const first = await next();
      return { total: results.length, ...first, suggestions: [] };
    },
    more: next,
  };
}

// Thai has no spaces: mark the reader's words where they occur in the text, not Pagefind's segments.
function excerptPieces(text, words) {
  text = text.replace(/\s+/g, " ");
  const parts = words.filter(Boolean).sort((a, b) => b.length - a.length).map(escapeRegExp);
  const re = parts.length ? new RegExp(parts.join("|"), "gi") : null;
  const first = re ? text.search(re) : -1;
  if (first < 0) return [text.slice(0, 160) + (text.length > 160 ? " …" : "")];
  const start = Math.max(0, first - 60), end = Math.min(text.length, first + 140);
  const window = text.slice(start, end);
  const out = [start > 0 ? "… " : ""];
  let last = 0;
  for (const m of window.matchAll(re)) {
    out[out.length - 1] += window.slice(last, m.index);
    out.push(m[0], "");
    last = m.index + m[0].length;
  }
  out[out.length - 1] += window.slice(last) + (end < text.length ? " …" : "");
  return out;
}

// ---- drawing ------------------------------------------------------------------------------------------------------
function el(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function card(item) {
  const facts = [];
  if (item.dateLabel) facts.push(el("time", { dateTime: item.date || "", textContent: item.dateLabel }));
  if (item.agency) facts.push(el("span", { className: "search-agency", textContent: item.agency }));
  if (item.province) facts.push(el("span", { className: "search-province", textContent: `จังหวัด${item.province}` }));
  const meta = el("p", { className: "story-meta" });
  facts.forEach((f, i) => meta.append(...(i ? [" · ", f] : [f])));
  const excerpt = el("p", { className: "search-excerpt" });
  item.excerpt.forEach((piece, i) => excerpt.append(i % 2 ? el("mark", { textContent: piece }) : piece));
  return el("li", { className: "search-result" }, [el("h2", {}, [el("a", { href: item.url, textContent: item.title })]), meta, excerpt]);
}

function describe(state) {
  const where = Object.values(state.filters);
  if (state.from || state.to) {
    const show = (d) => thaiDate.format(new Date(d + "T00:00:00Z"));
    where.push(state.from && state.to ? `${show(state.from)} ถึง ${show(state.to)}` : state.from ? `ตั้งแต่ ${show(state.from)}` : `ถึง ${show(state.to)}`);
  }
  return (state.q ? `“${state.q}”` : "ข่าวทั้งหมด") + (where.length ? ` (${where.join(", ")})` : "");
}

function showSuggestions(state, suggestions) {
  suggestionList.replaceChildren();
  for (const s of suggestions) {
    const params = stateParams({ ...state, q: s.q, ...(s.filters ? {} : { filters: {}, from: "", to: "" }) });
    const label = s.filters ? `ค้นหา “${s.q}” อย่างเดียว` : `ค้นหา “${s.q}” ในทุกจังหวัด ทุกหน่วยงาน ทุกหมวด และทุกวันที่`;
    suggestionList.append(el("li", {}, [el("a", { href: `?${params}`, textContent: `${label} (${s.total.toLocaleString("th-TH")} ข่าว)` })]));
  }
  suggestionList.hidden = !suggestions.length;
}

function shown() {
  performance.mark("search-shown", { detail: backend && backend.name });
}

async function run() {
  const id = ++runId;
  const state = formState();
  const params = stateParams(state);
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  list.replaceChildren();
  showSuggestions(state, []);
  more.hidden = true;
  if (!state.q && !Object.keys(state.filters).length && !state.from && !state.to) {
    statusLine.textContent = "พิมพ์คำค้น หรือเลือกจังหวัด หน่วยงาน หมวด หรือช่วงวันที่ เพื่อค้นหาข่าว";
    return shown();
  }
  statusLine.textContent = "กำลังค้นหา…";
  let found;
  const asked = backend; // the menus may switch to the fallback meanwhile
  try {
    found = await asked.search(state);
  } catch (error) {
    if (id !== runId) return;
    if (error instanceof QueryProblem) {
      statusLine.textContent = `ค้นหาไม่ได้: คำค้นหรือตัวกรองไม่ถูกต้อง (${error.message})`;
      return shown();
    }
    if (error instanceof Unavailable && asked.name === "service") return fallBack(error);
    throw error;
  }
  if (id !== runId) return;
  if (!found.total) {
    const wider = Object.keys(state.filters).length || state.from || state.to ? " หรือเลือก “ทุกจังหวัด” “ทุกหน่วยงาน” “ทุกหมวด” และล้างช่วงวันที่ เพื่อค้นหาให้กว้างขึ้น" : "";
    statusLine.textContent = `ไม่พบข่าวที่ตรงกับ ${describe(state)} ลองใช้คำค้นที่สั้นลงหรือคำอื่นที่มีความหมายใกล้เคียง และตรวจสอบการสะกด${wider}`;
    showSuggestions(state, found.suggestions);
    return shown();
  }
  list.append(...found.items.map(card));
  more.hidden = !found.hasMore;
  statusLine.textContent = `พบ ${found.total.toLocaleString("th-TH")} ข่าว สำหรับ ${describe(state)}`;
  shown();
}

let fallbackReady = null;
function useFallback(error) { // once, whoever notices first (the first search or the filter menus)
  if (!fallbackReady) {
    console.warn("search service unavailable, using the static index:", error.message);
    fallbackReady = pagefindBackend().then((b) => { backend = b; root.dataset.backend = b.name; });
  }
  return fallbackReady;
}

async function fallBack(error) {
  await useFallback(error);
  await fillFilters();
  return run();
}

async function fillFilters() {
  const available = await backend.filters();
  const params = new URLSearchParams(location.search);
  for (const s of selects) {
    const wanted = s.value || params.get(s.name) || "";
    s.replaceChildren(s.options[0]);
    const values = available[s.dataset.filter] || [];
    if (wanted && !values.includes(wanted)) values.push(wanted); // a shared address keeps its filter
    for (const v of values) s.append(new Option(v, v));
    s.value = wanted;
  }
}

async function start() {
  backend = apiUrl ? serviceBackend() : await pagefindBackend();
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  dateInputs.forEach((d) => { d.value = params.get(d.name) || ""; });
  sortSelect.value = params.get("sort") === "newest" ? "newest" : "relevance";
  for (const s of selects) { // the address's filter is chosen at once; the menus fill in beside the first search
    const wanted = params.get(s.name);
    if (wanted) { s.append(new Option(wanted, wanted)); s.value = wanted; }
  }
  const menus = fillFilters().catch(async (error) => {
    if (!(error instanceof Unavailable)) throw error;
    await useFallback(error);
    await fillFilters();
  });
  let typing;
  form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(typing); run(); });
  input.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(run, 300); });
  for (const s of [...selects, sortSelect, ...dateInputs]) s.addEventListener("change", run);
  more.addEventListener("click", async () => {
    const next = list.children.length;
    const id = runId;
    const page = await backend.more();
    if (id !== runId) return;
    list.append(...page.items.map(card));
    more.hidden = !page.hasMore;
    list.children[next]?.querySelector("a")?.focus(); // keyboard readers land on the first new result
  });
  root.dataset.backend = backend.name;
  await Promise.all([run(), menus]);
  root.dataset.ready = "true";
  root.dataset.backend = backend.name;
}

start().catch((error) => {
  statusLine.textContent = "ขออภัย ระบบค้นหาขัดข้อง โปรดลองใหม่อีกครั้ง";
  console.error(error);
  shown();
});
