/* Search that answers at once, then fully.
 *
 * Material builds its Lunr index in the reader's browser on every page load. At 10,000
 * papers with a realistic vocabulary (a 20 MB index, abstracts included) that took
 * 17-21 s on a 2-core machine, even the titles alone 2 s, and a query 2-3 s once built:
 * a reader who types at once waits. Material lets a site supply its own search worker
 * (`config.search`, set in overrides/main.html). This one speaks Material's worker
 * protocol and answers in two tiers:
 *
 *   1. at once, every query: a plain scan of the page-level documents (for a paper:
 *      title, authors, organisation, note and tags; not the abstract), matching words
 *      by prefix, with Material's field weights. Scanning 10,000 of them takes a few
 *      milliseconds and needs no index;
 *   2. Material's own worker, run as a nested worker on every document. Once its index
 *      is ready, each query answered by the scan is also asked there (the newest one
 *      waiting, when the last is done), and its answer replaces the scan's: the results
 *      on screen gain the abstract matches and Material's ranking and highlighting.
 *      The query typed before it was ready is asked as soon as it is.
 *
 * Tier 1 does not wait for Material's index, which the page fetches and then hands
 * over (SETUP): this worker fetches search/quick.json, the index's page-level
 * documents alone (written by the reading-list plugin, a fifth of the size), and is
 * ready as soon as either has arrived.
 */
"use strict"

/* Message types of Material's search worker protocol (SearchMessageType). */
const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

/* Material's worker is named by the page config, e.g. ?material=search.a7633da7.min.js */
const materialName = new URL(self.location.href).searchParams.get("material") || ""
if (!/^search\.[0-9a-f]+\.min\.js$/.test(materialName))
  throw new Error(`tiered-search: not a Material search worker: "${materialName}"`)
const materialUrl = new URL(materialName, self.location.href).href

const NON_WORD = /[^\p{L}\p{N}]+/gu
const WORD = /[\p{L}\p{N}]+/gu
const ENTITY = /&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi
const NAMED = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" }

/* The index holds HTML-escaped text; match on plain text, escape again on the way out. */
function decode(html) {
  return html.replace(ENTITY, (_, name) => {
    if (name[0] !== "#")
      return NAMED[name.toLowerCase()]
    const code = name[1] === "x" || name[1] === "X"
      ? parseInt(name.slice(2), 16)
      : parseInt(name.slice(1), 10)
    return code > 0 && code <= 0x10FFFF ? String.fromCodePoint(code) : "\uFFFD"
  })
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/* " word word ... ": a term matches a word by prefix when " term" occurs in it. */
function words(html) {
  const plain = decode(html.replace(/<[^>]*>/g, " "))
  return ` ${plain.toLowerCase().replace(NON_WORD, " ").trim()} `
}

/* Query terms as Material reads them, loosely: words matched by prefix; "-word" excludes. */
function parse(query) {
  const include = new Set()
  const exclude = new Set()
  for (const part of query.trim().split(/\s+/)) {
    const target = part.startsWith("-") ? exclude : include
    const bare = part.replace(/^[+-]+/, "").replace(/^(title|text|tags):/i, "")
    for (const term of bare.toLowerCase().split(NON_WORD))
      if (term)
        target.add(term)
  }
  return { include: [...include], exclude: [...exclude] }
}

/* Wrap the words of an escaped title that start with a term in <mark>. */
function highlight(title, terms) {
  const plain = decode(title)
  let out = ""
  let cursor = 0
  for (const match of plain.matchAll(WORD)) {
    const word = match[0].toLowerCase()
    const length = Math.max(0, ...terms.filter(t => word.startsWith(t)).map(t => t.length))
    if (length === 0 || length > match[0].length)
      continue
    out += escapeHtml(plain.slice(cursor, match.index))
    out += `<mark>${escapeHtml(plain.slice(match.index, match.index + length))}</mark>`
    cursor = match.index + length
  }
  return out + escapeHtml(plain.slice(cursor))
}

class QuickSearch {
  constructor(docs, fields) {
    const boost = name => (fields[name] && fields[name].boost) || 1
    this.boosts = { title: boost("title"), tags: boost("tags"), text: boost("text") }
    this.docs = docs
      .filter(doc => !doc.location.includes("#"))
      .map(doc => ({
        doc,
        title: words(doc.title),
        tags: doc.tags ? words(doc.tags.join(" ")) : " ",
        text: words(doc.text)
      }))
  }

  search(query) {
    const { include, exclude } = parse(query)
    if (!include.length)
      return { items: [] }
    const found = []
    for (const entry of this.docs) {
      if (exclude.some(term => (entry.title + entry.tags + entry.text).includes(` ${term}`)))
        continue
      let weight = 0
      const terms = {}
      for (const term of include) {
        const key = ` ${term}`
        const hit = (entry.title.includes(key) ? this.boosts.title : 0)
          + (entry.tags.includes(key) ? this.boosts.tags : 0)
          + (entry.text.includes(key) ? this.boosts.text : 0)
        terms[term] = hit > 0
        weight += hit
      }
      if (weight === 0)
        continue
      const share = Object.values(terms).filter(Boolean).length / include.length
      found.push({
        ...entry.doc,
        title: highlight(entry.doc.title, include),
        score: weight * (1 + (1 + share) ** 2),
        terms
      })
    }
    found.sort((a, b) => b.score - a.score)
    return { items: found.map(item => [item]) }
  }
}

/* The full tier answers a query only once the one before it is done, and only the
 * newest query waiting: Material sends one per keystroke, and with a realistic
 * vocabulary a one- or two-letter prefix takes Lunr a second or more. So short queries
 * (LM, RL, QA) go to it only when the reader pauses; longer ones at once. */
const FULL_MIN_LENGTH = 3
const FULL_PAUSE_MS = 300

let quick = null         /* tier 1 */
let full = null          /* tier 2: Material's worker on every document */
let fullReady = false
let inFlight = null      /* the query the full tier is answering */
let waiting = null       /* the newest query not yet sent to it */
let pause = null         /* timer for a short query */
let lastQuery = ""
let lastQuick = null     /* the quick tier's answer to lastQuery */

function askFull() {
  if (!fullReady || inFlight !== null || waiting === null)
    return
  inFlight = waiting
  waiting = null
  full.postMessage({ type: QUERY, data: inFlight })
}

function locations(result) {
  return result.items.map(group => group[0].location).join("\n")
}

/* The full answer, plus any paper only the scan found (Lunr keeps "(LLMs)" as one token
 * where the scan sees "llms"): results never vanish when the full answer arrives. */
function merged(fullResult) {
  const seen = new Set(fullResult.items.flatMap(group => group.map(item => item.location)))
  const extra = lastQuick.items.filter(group => !seen.has(group[0].location))
  return { ...fullResult, items: [...fullResult.items, ...extra] }
}

/* Material sends queries once told READY; tell it once, when tier 1 can answer. Tier 1
 * is made from Material's index once that has come (it is the authority: quick.json may
 * come late, or from a cache, older), and from quick.json until then. */
let announced = false
let fromIndex = false
function answerable(docs, fields, indexDocs) {
  if (fromIndex)
    return
  quick = new QuickSearch(docs, fields)
  fromIndex = indexDocs
  if (!announced) {
    announced = true
    self.postMessage({ type: READY })
  }
}

/* The site root is three levels up: assets/javascripts/workers/tiered-search.js */
fetch(new URL("../../../search/quick.json", self.location.href))
  .then(response => response.ok ? response.json() : null)
  .then(index => {
    if (index && Array.isArray(index.docs) && index.config)
      answerable(index.docs, index.config.fields || {}, false)
  })
  .catch(() => { /* the full index's SETUP makes tier 1 instead */ })

function setup(data) {
  answerable(data.docs, data.config.fields, true)
  full = new Worker(materialUrl)
  full.addEventListener("message", ev => {
    const message = ev.data
    if (message.type === READY) {
      fullReady = true
    } else if (message.type === RESULT) {
      /* an answer to an older query would replace the quick tier's newer one; an answer
       * that lists the same pages would only rebuild the list under the reader */
      if (inFlight === lastQuery) {
        const result = merged(message.data)
        if (locations(result) !== locations(lastQuick))
          self.postMessage({ type: RESULT, data: result })
      }
      if (waiting === inFlight)
        waiting = null
      inFlight = null
    }
    askFull()
  })
  full.postMessage({ type: SETUP, data })
}

self.addEventListener("message", ev => {
  const message = ev.data
  if (message.type === SETUP) {
    setup(message.data)
  } else if (message.type === QUERY) {
    const query = message.data
    lastQuery = query
    lastQuick = quick.search(query)
    self.postMessage({ type: RESULT, data: lastQuick })
    clearTimeout(pause)
    waiting = null
    if (query.trim().length >= FULL_MIN_LENGTH) {
      waiting = query
      askFull()
    } else if (query.trim()) {
      pause = setTimeout(() => {
        waiting = query
        askFull()
      }, FULL_PAUSE_MS)
    }
  }
})
