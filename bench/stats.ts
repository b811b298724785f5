/** Median and p95 of samples (ms), for printing. */
export function summarize(samples: number[]): {
  n: number
  median: number
  p95: number
  min: number
  max: number
} {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN
  return {
    n: sorted.length,
    median: at(0.5),
    p95: at(0.95),
    min: sorted[0] ?? NaN,
    max: sorted.at(-1) ?? NaN
  }
}

/** `label: median 12.3 ms, p95 20.1 ms (n=20, min …, max …) — target …` */
export function report(label: string, samples: number[], target: string): void {
  const s = summarize(samples)
  const f = (v: number) => v.toFixed(1)
  console.log(
    `${label}: median ${f(s.median)} ms, p95 ${f(s.p95)} ms (n=${s.n}, min ${f(s.min)}, max ${f(s.max)}) — target ${target}`
  )
}
