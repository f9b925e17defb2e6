/* Full-text search over the papers, in Material's search box, that answers at once.
 *
 * Material's own worker builds a Lunr index in the browser from one file holding every
 * page's text: at 10,000 papers that is 20 MB, and a word found only in an abstract
 * answered 6-8 s after the page loaded, on a fast connection. The generator instead
 * writes the papers' index cut into small files (generator/render/search_index.py, under
 * search/papers/): a query fetches the file of each of its words' prefix, and the
 * results' own small files, nothing else. This worker speaks Material's worker
 * protocol (Material documents `config.search` as the place for one), so the box, the
 * result list, keyboard use, highlighting and `?h=` on the target page are Material's.
 *
 * Ranking: every word of the query must match the start of a word in the paper; each
 * query word counts the best field it matches in: the title and the paper's own names
 * (its arXiv id, the owner/repo of its code on GitHub or GitLab) 10, authors,
 * organisation and tags 5, the curator's notes (the short note and the long one in
 * content/notes/) 2, the abstract 1; a word matched exactly weighs more than a longer
 * word it starts (3/4), and each occurrence adds a little (0.05, at most five). Among
 * the best results, the query's words as a phrase in the title (in order, adjacent)
 * multiply the score by up to three; ties go to the newest paper. An arXiv id is
 * searched as written or linked (arXiv:2306.05836v2, arxiv.org/abs/2306.05836). Other
 * pages (Material's own index, which no longer holds the papers) are scanned by title
 * and text.
 *
 * A result shows why it matched, as Pagefind does: an excerpt of the abstract or the
 * notes around the query's words, the window holding the most of them (then the most
 * matches), with the words highlighted; the abstract's start when only the title, the
 * names, authors or tags match.
 *
 * Text from the index is escaped here before Material puts it into the page.
 */
"use strict"

/* Message types of Material's search worker protocol (SearchMessageType). Zensical's
 * search box uses the same numbers with other shapes (see `zensicalResult`), and 4 for
 * a worker that failed. */
const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

/* The site root is three levels up: assets/javascripts/workers/paper-search.js */
const ROOT = new URL("../../../", self.location.href)
const INDEX = new URL("search/papers/", ROOT)

/* As generator/enrich/tokenizer.py (STOP_WORDS, tokens) and enrich/corpus.py (FIELDS). */
const STOP_WORDS = new Set(`a able about across after all almost also am among an and any
are as at be because been but by can cannot could dear did do does either else ever every
for from get got had has have he her hers him his how however i if in into is it its just
least let like likely may me might most must my neither no nor not of off often on only or
other our own rather said say says she should since so some than that the their them then
there these they this tis to too twas us wants was we were what when where which while who
whom why will with would yet you your`.split(/\s+/))
const FIELD_WEIGHT = [10, 10, 5, 2, 1] /* title, names, authors and tags, notes, abstract */
const VERSION = 3 /* of the index's format (search_index.VERSION) */
const WORD = /[\p{L}\p{N}]+/gu
/* First results as soon as the best ten are known; up to FULL in all. */
const FIRST = 10
const FULL = 50
/* A prefix shorter than the index's files (one or two letters) would need too many. */
const MAX_FILES = 8

/* Lower case, NFKD, every mark (\p{M}) dropped: generator/enrich/tokenizer.py fold(), the
 * same rule, checked over every character by tests/test_tokenizer.py. */
function fold(text) {
  const lower = text.toLowerCase()
  return /^[\x00-\x7f]*$/.test(lower) ? lower : lower.normalize("NFKD").replace(/\p{M}/gu, "")
}

function words(text) {
  return fold(text).match(WORD) || []
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/* A word as written: its marks too (a Devanagari vowel sign is no letter), so it folds
 * to the words the index holds. */
const WRITTEN_WORD = /[\p{L}\p{N}\p{M}]+/gu

/* The words of `text` as written (start, end), each with the query terms it matches:
 * those its words (as the index splits it) start with. */
function spans(text, terms) {
  return [...text.matchAll(WRITTEN_WORD)].map(match => ({
    start: match.index,
    end: match.index + match[0].length,
    terms: terms.filter(term => words(match[0]).some(word => word.startsWith(term)))
  }))
}

/* Escaped text with the words that start with a query term wrapped in <mark>. */
function highlight(text, terms) {
  let out = ""
  let cursor = 0
  for (const word of spans(text, terms)) {
    if (!word.terms.length)
      continue
    out += escapeHtml(text.slice(cursor, word.start))
    out += `<mark>${escapeHtml(text.slice(word.start, word.end))}</mark>`
    cursor = word.end
  }
  return out + escapeHtml(text.slice(cursor))
}

/* An excerpt's length in characters (about Pagefind's 30 words; two lines of a result
 * on a desktop), and how much of it comes before its first match. */
const EXCERPT = 180
const LEAD = 30
/* Punctuation next to a word (a bracket, a full stop): kept with it. */
const BEFORE = /[^\s\p{L}\p{N}\p{M}]+$/u
const AFTER = /^[^\s\p{L}\p{N}\p{M}]+/u

/* Where in `text` to show the query's words: the window of whole words, up to EXCERPT
 * characters, holding the most terms, then the most matches (the earliest of equals),
 * starting a little before its first match, or the text's start when nothing matches.
 * [score, excerpt as HTML], the score [terms, matches]; null for a text without words. */
function excerpt(text, terms) {
  const all = spans(text, terms)
  if (!all.length)
    return null
  const last = all.length - 1
  /* the window from word `first`: the words that end within EXCERPT of its start */
  const window = first => {
    let end = first
    while (end < last && all[end + 1].end - all[first].start <= EXCERPT)
      end++
    return end
  }
  let best = { first: 0, last: window(0), score: [0, 0] }
  all.forEach((hit, n) => {
    if (!hit.terms.length)
      return
    let first = n
    while (first > 0 && hit.start - all[first - 1].start <= LEAD)
      first--
    while (first > 0 && all[last].end - all[first - 1].start <= EXCERPT)
      first--  /* a match near the end: a whole window, ending with the text */
    const end = Math.max(window(first), n)
    const inside = all.slice(first, end + 1).filter(word => word.terms.length)
    const score = [new Set(inside.flatMap(word => word.terms)).size, inside.length]
    if (score[0] > best.score[0] || (score[0] === best.score[0] && score[1] > best.score[1]))
      best = { first, last: end, score }
  })
  let start = all[best.first].start
  let end = all[best.last].end
  start -= (text.slice(0, start).match(BEFORE) || [""])[0].length
  end += (text.slice(end).match(AFTER) || [""])[0].length
  const before = text.slice(0, start).trim() ? "… " : ""
  const after = text.slice(end).trim() ? " …" : ""
  return [best.score, before + highlight(text.slice(start, end), terms) + after]
}

function getJson(url) {
  return fetch(url).then(response => {
    if (!response.ok)
      throw new Error(`${url}: ${response.status}`)
    return response.json()
  })
}

const files = new Map()
function cached(path) {
  if (!files.has(path))
    files.set(path, getJson(new URL(path, INDEX)).catch(error => {
      files.delete(path)  /* asked again by the next query */
      throw error
    }))
  return files.get(path)
}

function hex(text) {
  return [...new TextEncoder().encode(text)].map(b => b.toString(16).padStart(2, "0")).join("")
}

const manifest = cached("manifest.json").then(data => ({
  ...data, prefixes: new Set(data.prefixes), sorted: [...data.prefixes].sort()
}))

/* The files that hold the words starting with `term`: the file of each shorter prefix
 * of it, and of each longer prefix starting with it (unless there are too many). */
function filesFor(term, index) {
  const found = []
  for (let n = 1; n <= term.length; n++)
    if (index.prefixes.has(term.slice(0, n)))
      found.push(term.slice(0, n))
  const longer = index.sorted.filter(p => p.length > term.length && p.startsWith(term))
  if (longer.length <= MAX_FILES)
    found.push(...longer)
  return found.map(prefix => `t/${hex(prefix)}.json`)
}

/* paper number -> its weight for the words of the index starting with `term`: the best
 * field one is in (FIELD_WEIGHT), an exact word more than a longer one it starts, and a
 * little for how often it occurs */
async function matches(term, index) {
  const shards = await Promise.all(filesFor(term, index).map(cached))
  const papers = new Map()
  for (const shard of shards)
    for (const [word, flat] of Object.entries(shard)) {
      if (!word.startsWith(term))
        continue
      const exact = word === term ? 1 : 0.75
      let paper = 0
      for (let i = 0; i < flat.length; i += 2) {
        paper += flat[i]
        const field = flat[i + 1] >> 4
        const count = flat[i + 1] & 15
        const weight = exact * FIELD_WEIGHT[field] + Math.min(count, 5) * 0.05
        papers.set(paper, Math.max(papers.get(paper) || 0, weight))
      }
    }
  return papers
}

/* An arXiv id as written or linked, its version and the site's name left out: the index
 * holds the id alone (2306.05836 for arXiv:2306.05836v2 or arxiv.org/abs/2306.05836). */
const ARXIV = /(?:(?:https?:\/\/)?(?:www\.)?arxiv\.org\/(?:abs|pdf)\/|\barxiv:\s*)?(\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?(?:\.pdf)?/gi

/* The query's terms in order: words by prefix, stop words left out. */
function parse(query) {
  const terms = words(query.replace(/(^|\s)[-+]?(title|text|tags):/gi, " ").replace(ARXIV, " $1 "))
  const kept = terms.filter(term => !STOP_WORDS.has(term))
  return [...new Set(kept.length ? kept : [])]
}

/* Papers with every term, best first (ties: the newest, the higher number). */
async function searchPapers(terms) {
  const index = await manifest
  if (index.version !== VERSION)
    throw new Error(`search index version ${index.version}, expected ${VERSION}`)
  const perTerm = await Promise.all(terms.map(term => matches(term, index)))
  const [rarest] = [...perTerm].sort((a, b) => a.size - b.size)
  const ranked = []
  for (const paper of rarest.keys())
    if (perTerm.every(found => found.has(paper)))
      ranked.push({ paper, score: perTerm.reduce((sum, found) => sum + found.get(paper), 0) })
  ranked.sort((a, b) => b.score - a.score || b.paper - a.paper)
  return { index, ranked }
}

/* How many of the query's neighbouring terms follow each other in `text` (at most one
 * word between): a phrase in the title counts more than the same words apart. */
function phrasePairs(text, terms) {
  const found = words(text)
  let pairs = 0
  for (let i = 0; i + 1 < terms.length; i++)
    if (found.some((word, n) => word.startsWith(terms[i]) &&
        found.slice(n + 1, n + 3).some(next => next.startsWith(terms[i + 1]))))
      pairs++
  return pairs
}

async function describe(index, ranked, terms, count) {
  /* the best `count` by weight, then by phrase: their own files say their titles */
  const best = ranked.slice(0, count)
  const chunks = await Promise.all(best.map(({ paper }) =>
    cached(`d/${Math.floor(paper / index.chunk)}.json`)))
  const results = best.map(({ paper, score }, n) => {
    const doc = chunks[n][paper % index.chunk]
    const bonus = terms.length > 1 ? 1 + 2 * phrasePairs(doc[1], terms) / (terms.length - 1) : 1
    return { paper, doc, score: score * bonus }
  })
  results.sort((a, b) => b.score - a.score || b.paper - a.paper)
  return results.map(({ doc, score }) => {
    const [location, title, abstract, tags, meta, note = ""] = doc
    /* Material puts the text in as HTML: a line of byline and date, then why the paper
     * matched (reading-list.css clamps each) */
    const text = [highlight(meta, terms), shown(abstract, note, terms)]
      .filter(Boolean).map(part => `<p>${part}</p>`)
    return [{
      location,
      title: highlight(title, terms),
      text: text.join(""),
      tags: tags.map(tag => escapeHtml(tag)),
      score,
      terms: Object.fromEntries(terms.map(term => [term, true]))
    }]
  })
}

/* The excerpt a result shows: of the abstract or the notes, whichever holds more of the
 * query's words (the abstract if as many); the abstract's start if neither does. */
function shown(abstract, note, terms) {
  const fromAbstract = excerpt(abstract, terms)
  const fromNote = excerpt(note, terms)
  const better = (a, b) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])
  if (fromNote && (!fromAbstract || better(fromNote[0], fromAbstract[0])))
    return `Note: ${fromNote[1]}`
  return fromAbstract ? fromAbstract[1] : ""
}

/* Other pages (Material's index): a plain scan of their titles and text. */
let pages = []
function searchPages(terms) {
  return pages.filter(page => terms.every(term => page.words.some(w => w.startsWith(term))))
    .map(page => [{
      location: page.doc.location, title: highlight(page.title, terms),
      text: `<p>${highlight(page.text.slice(0, 300), terms)}</p>`, score: 0,
      terms: Object.fromEntries(terms.map(term => [term, true]))
    }])
}

function plain(html) {
  return (html || "").replace(/<[^>]*>/g, " ").replace(/&(amp|lt|gt|quot|#39);/g,
    (_, name) => ({ amp: "&", lt: "<", gt: ">", quot: "\"", "#39": "'" })[name])
}

/* Zensical's search box shows results from its own copy of the site's index
 * (search.json, which the Zensical build gives one short entry per paper) and asks the
 * worker only which of them match: SETUP's data is that index, {config, items}, each
 * item's location made absolute; QUERY's data is {input, filter, page}, `input` the typed
 * text with & < > escaped (an operator object when only tags are chosen) and `filter`
 * the chosen tags (all must be on a result); RESULT's data is {items: [{id, matches}],
 * pagination, aggregations}, `id` an item's place in the box's index and `matches` the
 * ranges of the title and text to highlight. */
let zensical = null

function zensicalSetup(items) {
  const byLocation = new Map(items.map((item, id) => [item.location, id]))
  const papers = new URL("papers/", ROOT).href
  zensical = { items, byLocation }
  return items.filter(item => !item.location.startsWith(papers))  /* the other pages */
}

function unescapeInput(text) {
  return text.replace(/&(amp|lt|gt);/g, (_, name) => ({ amp: "&", lt: "<", gt: ">" })[name])
}

function chosenTags(filter) {
  const operands = (filter && filter.input && filter.input.data &&
    filter.input.data.operands) || []
  return operands.filter(operand => operand && operand.type === "value")
    .map(operand => String(operand.data.value))
}

/* Where in `html` (a title or text as the box's index holds it) the words that start
 * with a query term are, as the box's highlight ranges: offsets into the string, tags
 * and character references skipped, `value` the length of the part the term matched. */
function ranges(html, terms) {
  const found = []
  const pieces = /<[^>]*>|&#?\w+;|[\p{L}\p{N}\p{M}]+/gu
  for (const match of (html || "").matchAll(pieces)) {
    if (match[0][0] === "<" || match[0][0] === "&")
      continue
    const term = terms.find(term => words(match[0]).some(word => word.startsWith(term)))
    if (term)
      found.push({ start: match.index, end: match.index + match[0].length,
        value: Math.min(term.length, match[0].length) })
  }
  return found
}

/* Our results (Material's shape, best first) as the box's: ids into its index, the
 * chosen tags on each, and the tags of the results for its filter list; PAGE at a time,
 * the next asked for by the box (`page`) as its list scrolls to the end. */
const PAGE = 50
function zensicalResult(groups, terms, tags, page) {
  const ids = []
  const seen = new Set()
  for (const [doc] of groups) {
    const id = zensical.byLocation.get(new URL(doc.location, ROOT).href)
    const item = zensical.items[id]
    if (item && !seen.has(id) && tags.every(tag => (item.tags || []).includes(tag))) {
      seen.add(id)
      ids.push(id)
    }
  }
  const counts = new Map()
  for (const id of ids)
    for (const tag of zensical.items[id].tags || [])
      counts.set(tag, (counts.get(tag) || 0) + 1)
  const from = page && Number.isInteger(page.from) ? page.from : 0
  const pagination = { total: ids.length }
  if (from > 0)
    pagination.prev = { id: page.id, size: PAGE, from: Math.max(0, from - PAGE) }
  if (from + PAGE < ids.length)
    pagination.next = { id: page ? page.id : latest, size: PAGE, from: from + PAGE }
  return {
    items: ids.slice(from, from + PAGE).map(id => ({
      id,
      matches: ["title", "text"].map(field => ({
        field, value: { highlight: { ranges: ranges(zensical.items[id][field], terms) } }
      }))
    })),
    pagination,
    aggregations: [{
      type: "term",
      data: { field: "tags", value: [...counts].map(([value, count]) =>
        ({ node: { value, count }, children: [] })) }
    }]
  }
}

/* Only tags chosen, no words: every paper with them, newest first (the index's order). */
function taggedOnly(tags) {
  const papers = new URL("papers/", ROOT).href
  return zensical.items.filter(item => item.location.startsWith(papers) &&
    !item.location.includes("#") && tags.every(tag => (item.tags || []).includes(tag)))
    .map(item => [{ location: item.location }])
}

let latest = 0
async function answer(query) {
  const asked = ++latest
  const fromZensical = typeof query !== "string"
  const text = fromZensical ? (typeof query.input === "string" ? unescapeInput(query.input) : "")
    : query
  const tags = fromZensical ? chosenTags(query.filter) : []
  const terms = parse(text)
  const send = items => {
    if (asked !== latest)
      return
    self.postMessage({ type: RESULT,
      data: fromZensical ? zensicalResult(items, terms, tags, query.page) : { items } })
  }
  if (!terms.length)
    return send(fromZensical && tags.length ? taggedOnly(tags) : [])
  const others = searchPages(terms)
  try {
    const { index, ranked } = await searchPapers(terms)
    if (asked !== latest)
      return
    /* the best ten as soon as they are known, re-ranked by phrase among the best twenty
     * (a single word has no phrase: its best ten are known) */
    const first = await describe(index, ranked, terms, terms.length > 1 ? 2 * FIRST : FIRST)
    send([...first.slice(0, FIRST), ...others])
    if (ranked.length > FIRST && asked === latest)
      send([...await describe(index, ranked, terms, FULL), ...others])
  } catch (error) {
    send(others)  /* the index cannot be read (offline?): the other pages still answer */
  }
}

self.addEventListener("message", ev => {
  const message = ev.data
  if (message.type === SETUP) {
    const zensicalItems = Array.isArray(message.data.items) ? message.data.items : null
    const docs = zensicalItems ? zensicalSetup(zensicalItems) : message.data.docs || []
    pages = docs
      .filter(doc => !doc.location.includes("#"))
      .map(doc => {
        const title = plain(doc.title)
        const text = plain(doc.text)
        return { doc, title, text, words: words(`${title} ${text}`) }
      })
    self.postMessage({ type: READY })
  } else if (message.type === QUERY) {
    answer(message.data)
  }
})
