/* The Explore page: filter and sort the whole list in the browser.
 *
 * Reads explore.json (written by generator/explore.py: one row per paper, no abstracts)
 * and answers every change of the filters at once: the rows are scanned in an order
 * sorted once per sort key, so a change costs one pass over the list and the rendering
 * of the first PAGE results. Text from the list is set with textContent, never as HTML.
 * The filters live in the address (?tag=a&tag=b&year=2024&status=read&rating=4&pick=1
 * &q=word&sort=published), so a view can be shared and bookmarked.
 *
 * Loaded on every page (mkdocs.yml extra_javascript); with Material's instant loading
 * a page is swapped in without a reload, so it starts on each new document (document$).
 */
"use strict"

;(function () {
  const PAGE = 100
  const SORTS = {
    added: (a, b) => b.added - a.added,
    published: (a, b) => b.published - a.published || b.added - a.added,
    upvotes: (a, b) => b.upvotes - a.upvotes || b.added - a.added,
    rating: (a, b) => b.rating - a.rating || b.added - a.added,
  }
  const cache = new Map()

  function load(url) {
    if (!cache.has(url))
      cache.set(url, fetch(url).then(response => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
        return response.json()
      }))
    return cache.get(url)
  }

  function prepare(data) {
    if (data.version !== 1) throw new Error("explore.json: unknown version")
    const papers = data.papers.map((row, index) => ({
      index, id: row[0], title: row[1], lower: row[1].toLowerCase(), added: row[2],
      published: row[3], status: data.statuses[row[4]], rating: row[5], upvotes: row[6],
      pick: row[7] === 1, tags: row[8],
    }))
    const orders = {}
    for (const [name, compare] of Object.entries(SORTS))
      orders[name] = papers.slice().sort((a, b) => compare(a, b) || a.index - b.index)
    const tagNumber = new Map(data.tags.map((tag, n) => [tag, n]))
    return { data, papers, orders, tagNumber }
  }

  function day(days) {
    const date = new Date(days * 86400000)
    return date.toLocaleDateString("en-US",
      { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" })
  }

  function state(form) {
    const values = new FormData(form)
    return {
      q: (values.get("q") || "").trim().toLowerCase(),
      sort: values.get("sort") || "added",
      year: Number(values.get("year") || 0),
      status: values.get("status") || "",
      rating: Number(values.get("rating") || 0),
      pick: values.get("pick") === "1",
      tags: values.getAll("tag"),
    }
  }

  function restore(form, params) {
    for (const element of form.elements) {
      if (!element.name) continue
      if (element.type === "checkbox")
        element.checked = params.getAll(element.name).includes(element.value)
      else if (params.has(element.name))
        element.value = params.get(element.name)
    }
  }

  function address(form) {
    const params = new URLSearchParams()
    for (const [name, value] of new FormData(form))
      if (value && !(name === "sort" && value === "added")) params.append(name, value)
    const query = params.toString()
    return location.pathname + (query ? `?${query}` : "") + location.hash
  }

  function matches(paper, want, tagNumbers) {
    if (want.year && paper.published !== want.year) return false
    if (want.status && paper.status !== want.status) return false
    if (want.rating && paper.rating < want.rating) return false
    if (want.pick && !paper.pick) return false
    for (const n of tagNumbers) if (!paper.tags.includes(n)) return false
    return !want.q || paper.lower.includes(want.q)
  }

  function item(paper, model, base) {
    const li = document.createElement("li")
    li.className = "rl-explore__item"
    const link = document.createElement("a")
    link.className = "rl-explore__title"
    link.href = base + model.data.url.replace("{id}", encodeURIComponent(paper.id))
    link.textContent = paper.title
    li.append(link)
    const meta = document.createElement("p")
    meta.className = "rl-explore__meta"
    const parts = [`Added ${day(paper.added)}`]
    if (paper.published) parts.push(`published ${paper.published}`)
    if (paper.upvotes >= 0) parts.push(`▲ ${paper.upvotes}`)
    if (paper.status) parts.push(paper.status)
    if (paper.rating) parts.push("★".repeat(paper.rating))
    if (paper.pick) parts.push("curator’s pick")
    meta.textContent = parts.join(" · ")
    li.append(meta)
    if (paper.tags.length) {
      const tags = document.createElement("p")
      tags.className = "rl-explore__tags-of"
      tags.textContent = paper.tags.map(n => model.data.tags[n]).join(", ")
      li.append(tags)
    }
    return li
  }

  function start(root) {
    if (root.dataset.started) return
    root.dataset.started = "1"
    const form = root.querySelector("form")
    const count = root.querySelector(".rl-explore__count")
    const list = root.querySelector(".rl-explore__results")
    const more = root.querySelector(".rl-explore__more")
    const source = new URL(root.dataset.src, location.href)
    const base = new URL(".", source).href
    let shown = 0
    let found = []
    let model = null

    function render(reset) {
      if (reset) {
        list.replaceChildren()
        shown = 0
      }
      const next = found.slice(shown, shown + PAGE)
      list.append(...next.map(paper => item(paper, model, base)))
      shown += next.length
      more.hidden = shown >= found.length
      more.textContent = `Show ${Math.min(PAGE, found.length - shown)} more`
    }

    function update(remember) {
      const want = state(form)
      const tagNumbers = want.tags.map(tag => model.tagNumber.get(tag)).filter(n => n >= 0)
      const order = model.orders[want.sort] || model.orders.added
      found = order.filter(paper => matches(paper, want, tagNumbers))
      const total = model.papers.length
      count.textContent = found.length === total
        ? `All ${total.toLocaleString("en-US")} papers`
        : `${found.length.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} papers`
      count.hidden = false
      render(true)
      if (remember) history.replaceState(history.state, "", address(form))
      root.dataset.updated = String(Date.now())
    }

    restore(form, new URLSearchParams(location.search))
    load(source.href).then(data => {
      model = prepare(data)
      form.hidden = false
      form.addEventListener("input", () => update(true))
      form.addEventListener("change", () => update(true))
      form.addEventListener("submit", event => event.preventDefault())
      form.addEventListener("reset", () => setTimeout(() => update(true), 0))
      more.addEventListener("click", () => render(false))
      update(false)
      root.dataset.ready = "1"
    }).catch(error => {
      count.hidden = false
      count.textContent = `The list could not be loaded (${error.message}).`
    })
  }

  function run() {
    const root = document.getElementById("rl-explore")
    if (root) start(root)
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe)
    window.document$.subscribe(run)
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", run)
  else
    run()
})()
