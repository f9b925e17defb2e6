/* The Explore page: filter and sort the whole list in the browser.
 *
 * Reads explore.json (written by generator/render/explore.py: one row per paper, no abstracts)
 * and answers every change of the filters at once: the rows are scanned in an order
 * sorted once per sort key, so a change costs one pass over the list and the rendering
 * of the first PAGE results. Text from the list is set with textContent, never as HTML.
 * The filters live in the address (?tag=a&tag=b&added=2024-05&year=2024&status=read
 * &rating=4&pick=1&title=word&sort=published; not q, which opens Material's search), so
 * a view can be shared and bookmarked, and the Stats page links each bar to its view.
 * Each tag's count is the number of papers shown that carry it: what checking it leaves.
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

  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
    "Nov", "Dec"]
  const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"]

  function prepare(data) {
    if (data.version !== 2) throw new Error("explore.json: unknown version")
    const papers = data.papers.map((row, index) => ({
      index, id: row[0], title: row[1], lower: row[1].toLowerCase(), added: row[2],
      month: new Date(row[2] * 86400000).toISOString().slice(0, 7),
      published: row[3], year: Math.floor(row[3] / 10000), status: data.statuses[row[4]],
      rating: row[5], upvotes: row[6], pick: row[7] === 1, tags: row[8],
    }))
    const orders = {}
    for (const [name, compare] of Object.entries(SORTS))
      orders[name] = papers.slice().sort((a, b) => compare(a, b) || a.index - b.index)
    const tagNumber = new Map(data.tags.map((tag, n) => [tag, n]))
    return { data, papers, orders, tagNumber }
  }

  function day(days) {
    const date = new Date(days * 86400000)
    return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`
  }

  // A publication date as precise as known (explore.published_number): as pages say it.
  function published(number) {
    const year = Math.floor(number / 10000)
    const month = Math.floor(number / 100) % 100
    const date = number % 100
    if (!month) return String(year)
    if (!date) return `${LONG_MONTHS[month - 1]} ${year}`
    return `${MONTHS[month - 1]} ${date}, ${year}`
  }

  function state(form) {
    const values = new FormData(form)
    return {
      q: (values.get("title") || "").trim().toLowerCase(),
      sort: values.get("sort") || "added",
      added: values.get("added") || "",
      year: Number(values.get("year") || 0),
      status: values.get("status") || "",
      rating: values.get("rating") || "",
      pick: values.get("pick") === "1",
      tags: values.getAll("tag"),
    }
  }

  // How many filters beside the title and the order are set (shown on the folded filters).
  function active(want) {
    return [want.added, want.year, want.status, want.rating, want.pick]
      .filter(Boolean).length + want.tags.length
  }

  function rated(paper, rating) {
    if (!rating) return true
    if (rating === "none") return paper.rating === 0
    if (rating.startsWith("exactly-")) return paper.rating === Number(rating.slice(8))
    return paper.rating >= Number(rating)
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
    if (want.added && paper.month !== want.added) return false
    if (want.year && paper.year !== want.year) return false
    if (want.status && paper.status !== (want.status === "none" ? "" : want.status))
      return false
    if (!rated(paper, want.rating)) return false
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
    if (paper.published) parts.push(`Published ${published(paper.published)}`)
    if (paper.upvotes >= 0)
      parts.push(`▲ ${paper.upvotes} upvote${paper.upvotes === 1 ? "" : "s"}`)
    if (paper.status) parts.push(paper.status)
    if (paper.rating) parts.push("★".repeat(paper.rating))
    if (paper.pick) parts.push("curator’s pick")
    parts.forEach((text, n) => {  // each part whole on its line (a phone's narrow column)
      const part = document.createElement("span")
      part.className = "rl-nowrap"
      part.textContent = text
      meta.append(...(n ? [" · ", part] : [part]))
    })
    li.append(meta)
    if (paper.tags.length) {
      const tags = document.createElement("p")
      tags.className = "rl-explore__tags-of"
      for (const n of paper.tags) {
        const name = model.data.tags[n]
        const tag = document.createElement("a")
        tag.className = "md-tag"
        tag.href = base + model.data.tag_url.replace("{tag}", encodeURIComponent(name))
        tag.textContent = name
        tags.append(tag, " ")
      }
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
    const none = root.querySelector(".rl-explore__none")
    const searchAll = root.querySelector(".rl-explore__search-all")
    const filters = root.querySelector(".rl-explore__filters")
    const shownActive = root.querySelector(".rl-explore__active")
    const tagBoxes = [...form.querySelectorAll("input[name=tag]")]
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
      more.textContent = `Show ${Math.min(PAGE, found.length - shown).toLocaleString("en-US")} more`
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
      none.hidden = found.length > 0
      searchAll.hidden = !want.q
      if (want.q) {
        searchAll.href = `${root.dataset.search}?q=${encodeURIComponent(want.q)}`
        searchAll.textContent = `Search the titles, notes and abstracts for “${want.q}”`
      }
      const filtersOn = active(want)
      shownActive.textContent = filtersOn ? ` (${filtersOn} on)` : ""
      const perTag = new Array(model.data.tags.length).fill(0)
      for (const paper of found) for (const n of paper.tags) perTag[n] += 1
      for (const box of tagBoxes) {
        const n = model.tagNumber.get(box.value)
        const tagged = n === undefined ? 0 : perTag[n]
        box.parentElement.querySelector(".rl-count").textContent = String(tagged)
        box.parentElement.classList.toggle("rl-explore__tag--none", tagged === 0)
      }
      render(true)
      if (remember) history.replaceState(history.state, "", address(form))
      root.dataset.updated = String(Date.now())
    }

    restore(form, new URLSearchParams(location.search))
    // the filters fold away on a phone, so the papers come first; open on a wide screen
    const wide = matchMedia("(min-width: 60em)")
    filters.open = wide.matches
    wide.addEventListener("change", () => { filters.open = wide.matches })
    load(source.href).then(data => {
      model = prepare(data)
      form.hidden = false
      form.addEventListener("input", () => update(true))
      form.addEventListener("change", () => update(true))
      form.addEventListener("submit", event => event.preventDefault())
      form.addEventListener("reset", () => setTimeout(() => update(true), 0))
      more.addEventListener("click", () => render(false))
      root.querySelector(".rl-explore__clear").addEventListener("click", () => form.reset())
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
