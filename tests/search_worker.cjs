// Runs the site's search worker (paper-search.js) in Node over a built site folder, as the
// site's search box drives it: Material's (the site has search/search_index.json) or
// Zensical's (search.json: its index, locations made absolute, queries as objects with
// & < > escaped, results as ids into that index). `node search_worker.cjs SITE QUERY...`
// prints, as JSON, each query's results (location, title and, under Material, text of
// each) and the index files it fetched.
"use strict"
const fs = require("fs")
const path = require("path")
const vm = require("vm")

const [site, ...queries] = process.argv.slice(2)
const workerPath = path.join(site, "assets/javascripts/workers/paper-search.js")
const workerUrl = "http://site.test/assets/javascripts/workers/paper-search.js"
const fetched = []
const listeners = []
const messages = []

function fetchFromSite(url) {
  const relative = new URL(url).pathname.replace(/^\//, "")
  fetched.push(relative)
  const file = path.join(site, relative)
  if (!fs.existsSync(file))
    return Promise.resolve({ ok: false, status: 404, json: () => Promise.reject(new Error("404")) })
  const text = fs.readFileSync(file, "utf-8")
  return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve(JSON.parse(text)) })
}

const self = {
  location: { href: workerUrl },
  postMessage: message => messages.push(message),
  addEventListener: (type, listener) => listeners.push(listener),
}
const context = vm.createContext({
  self, fetch: fetchFromSite, URL, TextEncoder, Promise, console, setTimeout, clearTimeout,
})
vm.runInContext(fs.readFileSync(workerPath, "utf-8"), context)

const send = data => listeners.forEach(listener => listener({ data }))
const settle = () => new Promise(resolve => setTimeout(resolve, 0))

const root = new URL("../../../", workerUrl).href

async function main() {
  const material = path.join(site, "search/search_index.json")
  const zensical = !fs.existsSync(material)
  let items = []
  if (zensical) {
    const index = JSON.parse(fs.readFileSync(path.join(site, "search.json"), "utf-8"))
    items = index.items.map(item => ({ ...item, location: new URL(`./${item.location}`, root).href }))
    send({ type: 0, data: { ...index, items } })
  } else {
    send({ type: 0, data: JSON.parse(fs.readFileSync(material, "utf-8")) })
  }
  const out = []
  for (const query of queries) {
    messages.length = 0
    fetched.length = 0
    const escaped = query.replace(/[&<>]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c])
    send({ type: 2, data: zensical ? {
      input: escaped,
      filter: { input: { type: "operator", data: { operator: "and", operands: [] } },
        aggregation: { input: [{ type: "term", data: { field: "tags" } }] } }
    } : query })
    for (let i = 0; i < 200; i++)
      await settle()
    if (messages.some(m => m.type === 4))
      throw new Error(`the worker failed on ${JSON.stringify(query)}`)
    const results = messages.filter(m => m.type === 3)
    const last = results.length ? results[results.length - 1].data.items : []
    out.push({
      query,
      results: zensical
        ? last.map(({ id }) => ({ location: items[id].location.slice(root.length),
          title: items[id].title }))
        : last.map(group => ({
          location: group[0].location, title: group[0].title, text: group[0].text
        })),
      answers: results.length,
      fetched: [...fetched],
    })
  }
  process.stdout.write(JSON.stringify(out))
}

main().catch(error => { console.error(error); process.exit(1) })
