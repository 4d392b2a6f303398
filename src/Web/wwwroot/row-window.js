// Fetch-ahead windowing for the fleet table (FleetTableBody.razor). Blazor's Virtualize asks for rows only once a
// spacer comes into view, so on Blazor Server the viewport reached blank spacer a round trip before the rows did.
// Here a scroll listener asks the server for the rows around the viewport while `lead` rendered rows still remain
// beyond it, one request at a time, and checks again when each answer (and its render) has arrived.
// The tbody carries the window the server rendered: data-window-start, -end (exclusive) and -total.

const scrollParent = element => {
  for (let e = element.parentElement; e; e = e.parentElement) {
    const overflow = getComputedStyle(e).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') {
      return e;
    }
  }
  return document.scrollingElement;
};

export function attach(body, dotnet, rowHeight, lead) {
  const scroller = scrollParent(body);
  const shown = () => ['windowStart', 'windowEnd', 'windowTotal'].map(k => Number(body.dataset[k]));
  let frame = 0, busy = false, moved = false, detached = false;

  const check = async () => {
    frame = 0;
    if (detached) {
      return;
    }
    if (busy) {
      moved = true;
      return;
    }
    const [start, end, total] = shown();
    // Rows under the sticky header count as visible: asking a row early costs nothing, late costs a blank frame.
    const offset = body.getBoundingClientRect().top - scroller.getBoundingClientRect().top - scroller.clientTop;
    const first = Math.max(0, Math.floor(-offset / rowHeight));
    const visible = Math.ceil(scroller.clientHeight / rowHeight) + 1;
    const short = (start > 0 && first - start < lead) || (end < total && end - (first + visible) < lead);
    if (!short) {
      return;
    }
    busy = true;
    moved = false;
    try {
      await dotnet.invokeMethodAsync('Show', first, visible);
    } catch {
      return; // the circuit is gone or the call failed: the next scroll asks again
    } finally {
      busy = false;
    }
    // The render batch comes before the call's answer, so the attributes already say what the server rendered.
    // An unchanged window (clamped at an end) is not asked for again until the viewport moves.
    const [nextStart, nextEnd] = shown();
    if (moved || nextStart !== start || nextEnd !== end) {
      schedule();
    }
  };

  const schedule = () => {
    if (!frame && !detached) {
      frame = requestAnimationFrame(check);
    }
  };

  scroller.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule, { passive: true });
  schedule();
  return {
    // A new query starts at its first row.
    toTop() {
      scroller.scrollTop = 0;
    },
    dispose() {
      detached = true;
      cancelAnimationFrame(frame);
      scroller.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    },
  };
}
