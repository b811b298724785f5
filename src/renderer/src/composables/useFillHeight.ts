import { onBeforeUnmount, onMounted, type Ref } from 'vue'

/**
 * Size `element` to reach the bottom of the window (less `bottomPx`), whatever sits above it (the app header), so
 * its own rows (the cart, the total, Charge) always fit on screen and only the inner lists scroll. Sets the CSS
 * variable `--fill-height` on the element; kept current on resize.
 */
export function useFillHeight(element: Ref<HTMLElement | null>, bottomPx = 16): void {
  function update(): void {
    const el = element.value
    if (!el) return
    const top = el.getBoundingClientRect().top + window.scrollY
    el.style.setProperty('--fill-height', `${Math.max(320, window.innerHeight - top - bottomPx)}px`)
  }
  onMounted(() => {
    update()
    window.addEventListener('resize', update)
  })
  onBeforeUnmount(() => window.removeEventListener('resize', update))
}
