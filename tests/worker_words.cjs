// The search worker's own tokenizer (paper-search.js: words(), stop words left out, as the
// index's tokens() leaves them out), run in Node over texts:
// `node worker_words.cjs WORKER < texts.json` prints, as JSON, the words of each text.
"use strict"
const fs = require("fs")
const vm = require("vm")

const [workerPath] = process.argv.slice(2)
const context = vm.createContext({
  self: { location: { href: "http://site.test/assets/javascripts/workers/w.js" },
          addEventListener() {}, postMessage() {} },
  URL, TextEncoder, fetch: () => new Promise(() => {}),
})
vm.runInContext(fs.readFileSync(workerPath, "utf-8"), context)
context.texts = JSON.parse(fs.readFileSync(0, "utf-8"))
vm.runInContext("globalThis.out = texts.map(t => words(t).filter(w => !STOP_WORDS.has(w)))",
                context)
process.stdout.write(JSON.stringify(context.out))
