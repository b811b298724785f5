import { onBeforeUnmount, onMounted, type Ref } from 'vue'

/**
 * Size `element` to reach the bottom of the window (less `bottomPx`, the page's own bottom padding), whatever sits
 * above it (the app header, which may wrap once the processor's badge arrives), so its own rows (the cart, the
 * total, Charge) always fit on screen and only the inner lists scroll. Sets the CSS variable `--fill-height` on the
 * element; kept current when the window or anything on the page changes size.
 */
export function useFillHeight(element: Ref<HTMLElement | null>, bottomPx = 24): void {
  let observer: ResizeObserver | null = null
  function update(): void {
    const el = element.value
    if (!el) return
    const top = el.getBoundingClientRect().top + window.scrollY
    const height = `${Math.max(320, Math.floor(window.innerHeight - top - bottomPx))}px`
    // Only a real change is written, so the observer's next call finds nothing to do and stops there.
    if (el.style.getPropertyValue('--fill-height') !== height) el.style.setProperty('--fill-height', height)
  }
  onMounted(() => {
    update()
    window.addEventListener('resize', update)
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(update)
      observer.observe(document.body)
    }
  })
  onBeforeUnmount(() => {
    window.removeEventListener('resize', update)
    observer?.disconnect()
  })
}
