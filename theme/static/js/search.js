// search: the ค้นหาข่าว page. Runs Pagefind's static index in the browser (no server): query, filters by
// province / agency / section, results with headline, date, agency, province and a highlighted excerpt.
const root = document.querySelector("[data-search]");
const form = root.querySelector(".search-form");
const input = form.querySelector("input[name=q]");
const selects = [...form.querySelectorAll("select[data-filter]")];
const statusLine = root.querySelector(".search-status");
const list = root.querySelector(".search-results");
const more = root.querySelector(".search-more");
const pageSize = Number(root.dataset.pageSize) || 10;
const collator = new Intl.Collator("th");

let pagefind = null;
let results = [];
let shown = 0;
let terms = [];
let runId = 0;

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Thai has no spaces: highlight the reader's words as they appear in the text, not Pagefind's segments.
function highlight(text, words) {
  const parts = words.filter(Boolean).sort((a, b) => b.length - a.length).map(escapeRegExp);
  if (!parts.length) return escapeHtml(text);
  const re = new RegExp(parts.join("|"), "gi");
  let out = "", last = 0;
  for (const m of text.matchAll(re)) {
    out += escapeHtml(text.slice(last, m.index)) + "<mark>" + escapeHtml(m[0]) + "</mark>";
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

function excerpt(data, words) {
  const text = data.content || "";
  const lower = text.toLocaleLowerCase("th");
  const hits = words.map((w) => lower.indexOf(w.toLocaleLowerCase("th"))).filter((i) => i >= 0);
  if (!hits.length) return data.excerpt || escapeHtml(text.slice(0, 160)); // Pagefind's own excerpt
  const at = Math.min(...hits);
  const start = Math.max(0, at - 60);
  const end = Math.min(text.length, at + 140);
  return (start > 0 ? "… " : "") + highlight(text.slice(start, end), words) + (end < text.length ? " …" : "");
}

function card(data) {
  const meta = data.meta || {};
  const li = document.createElement("li");
  li.className = "search-result";
  const facts = [
    meta.date && `<time datetime="${escapeHtml(meta.iso_date || "")}">${escapeHtml(meta.date)}</time>`,
    meta.agency && `<span class="search-agency">${escapeHtml(meta.agency)}</span>`,
    meta.province && `<span class="search-province">จังหวัด${escapeHtml(meta.province)}</span>`,
  ].filter(Boolean).join(" · ");
  li.innerHTML = `<h2><a href="${escapeHtml(data.url)}">${escapeHtml(meta.title || data.url)}</a></h2>
    <p class="story-meta">${facts}</p><p class="search-excerpt">${excerpt(data, terms)}</p>`;
  return li;
}

async function showMore() {
  const id = runId;
  const batch = await Promise.all(results.slice(shown, shown + pageSize).map((r) => r.data()));
  if (id !== runId) return;
  for (const data of batch) list.append(card(data));
  shown += batch.length;
  more.hidden = shown >= results.length;
}

function chosenFilters() {
  const filters = {};
  for (const s of selects) if (s.value) filters[s.dataset.filter] = s.value;
  return filters;
}

function describe(query, filters) {
  const where = Object.values(filters);
  return (query ? `“${query}”` : "ข่าวทั้งหมด") + (where.length ? ` (${where.join(", ")})` : "");
}

async function run() {
  const id = ++runId;
  const query = input.value.trim();
  const filters = chosenFilters();
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [k, v] of Object.entries(filters)) params.set(k, v);
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  list.replaceChildren();
  more.hidden = true;
  shown = 0;
  if (!query && !Object.keys(filters).length) {
    statusLine.textContent = "พิมพ์คำค้น หรือเลือกจังหวัด หน่วยงาน หรือหมวด เพื่อค้นหาข่าว";
    return;
  }
  statusLine.textContent = "กำลังค้นหา…";
  const search = await pagefind.search(query || null, { filters });
  if (id !== runId) return;
  results = search.results;
  terms = query.split(/\s+/).filter(Boolean);
  if (!results.length) {
    const wider = Object.keys(filters).length ? " หรือเลือก “ทุกจังหวัด” “ทุกหน่วยงาน” “ทุกหมวด” เพื่อค้นหาให้กว้างขึ้น" : "";
    statusLine.textContent = `ไม่พบข่าวที่ตรงกับ ${describe(query, filters)} ลองใช้คำค้นที่สั้นลงหรือคำอื่นที่มีความหมายใกล้เคียง และตรวจสอบการสะกด${wider}`;
    return;
  }
  await showMore();
  if (id === runId) statusLine.textContent = `พบ ${results.length.toLocaleString("th-TH")} ข่าว สำหรับ ${describe(query, filters)}`;
}

async function fillFilters() {
  const available = await pagefind.filters();
  for (const s of selects) {
    const values = Object.keys(available[s.dataset.filter] || {}).sort(collator.compare);
    for (const v of values) s.append(new Option(v, v));
  }
}

async function start() {
  pagefind = await import(root.dataset.bundle + "pagefind.js");
  // result URLs are relative to the site's root, which may sit below the domain (SITEURL with a path)
  await pagefind.options({ excerptLength: 40, baseUrl: new URL(root.dataset.site, location.href).pathname });
  pagefind.init();
  await fillFilters();
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const s of selects) s.value = params.get(s.name) || "";
  let typing;
  form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(typing); run(); });
  input.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(run, 300); });
  for (const s of selects) s.addEventListener("change", run);
  more.addEventListener("click", async () => {
    const next = shown;
    await showMore();
    list.children[next]?.querySelector("a")?.focus(); // keyboard readers land on the first new result
  });
  root.dataset.ready = "true";
  await run();
}

start().catch((error) => {
  statusLine.textContent = "ขออภัย ระบบค้นหาขัดข้อง โปรดลองใหม่อีกครั้ง";
  console.error(error);
});
