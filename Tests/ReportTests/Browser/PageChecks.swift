/// The checks run inside a rendered page, through the DevTools protocol.
///
/// They never run as a script of the page. Each finding is a sentence that names the element,
/// its text and its size.
enum PageChecks {
  static func script(width: Int) -> String {
    #"""
    (() => {
      const width = \#(width);
      const problems = [];
      const say = (text) => { if (problems.length < 40 && !problems.includes(text)) problems.push(text); };
      const name = (el) => {
        let s = el.tagName.toLowerCase();
        if (el.id) s += '#' + el.id;
        for (const c of el.classList) s += '.' + c;
        const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
        return text ? `${s} "${text}"` : s;
      };
      const root = document.documentElement;

      // 1. Nothing makes the page wider than the window.
      if (root.scrollWidth > width) {
        const culprits = [...document.body.querySelectorAll('*')].filter(
          (el) => el.getBoundingClientRect().right > width + 1
            && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1));
        say(`the page is ${root.scrollWidth} px wide in a ${width} px window; too wide: ${culprits.slice(0, 3).map(name).join(', ')}`);
      }

      // 2. Every image loaded.
      for (const img of document.images) {
        if (!img.complete || img.naturalWidth === 0) {
          say(`image not loaded: ${(img.currentSrc || img.getAttribute('src') || '').slice(0, 80)}`);
        }
      }

      // 3. Whatever scrolls sideways says so (a shadow painted by gradients that scroll with the
      //    content), nothing is cut off without a way to see it, and on a laptop nothing needs
      //    to scroll at all.
      const scrollers = [];
      for (const el of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        const wider = el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
        if (style.overflowX === 'auto' || style.overflowX === 'scroll') {
          scrollers.push(el);
          if (wider && width >= 1000) {
            say(`${name(el)} needs to scroll sideways (${el.scrollWidth} px in ${el.clientWidth}) at ${width} px`);
          } else if (wider && !(/gradient/.test(style.backgroundImage) && /local/.test(style.backgroundAttachment))) {
            say(`${name(el)} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth}) with no sign that it does`);
          } else if (wider) {
            // The sign must show: no opaque cell at the visible right edge may hide the shadow,
            // and no caption may have to be scrolled to be read.
            const edge = el.getBoundingClientRect().left + el.clientLeft + el.clientWidth - 4;
            for (const cell of el.querySelectorAll('td, th')) {
              const r = cell.getBoundingClientRect();
              const color = getComputedStyle(cell).backgroundColor;
              const alpha = color === 'transparent' ? 0
                : color.startsWith('rgba') ? parseFloat(color.split(',')[3])
                : color.includes('/') ? parseFloat(color.split('/')[1]) : 1;
              if (r.left < edge && r.right > edge && alpha >= 1) {
                say(`${name(cell)} at the edge of a table that scrolls is opaque (${color}), hiding the sign that it scrolls`);
                break;
              }
            }
            for (const caption of el.querySelectorAll('caption')) {
              if (caption.getBoundingClientRect().width > el.clientWidth + 1) {
                say(`${name(caption)} is ${Math.round(caption.getBoundingClientRect().width)} px wide in a table that shows ${el.clientWidth}: it must be scrolled to be read`);
              }
            }
          }
        } else if ((style.overflowX === 'hidden' || style.overflowX === 'clip') && wider
                   && style.textOverflow !== 'ellipsis') {
          say(`${name(el)} cuts off ${el.scrollWidth - el.clientWidth} px of its content`);
        }
      }
      const inScroller = (el) => scrollers.some((s) => s !== el && s.contains(el));

      // 4. Nothing sticks out of its card.
      for (const card of document.querySelectorAll('.card')) {
        const box = card.getBoundingClientRect();
        for (const el of card.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0 || inScroller(el)) continue;
          if (r.right > box.right + 1 || r.left < box.left - 1) {
            say(`${name(el)} sticks out of its card (${Math.round(r.left)} to ${Math.round(r.right)} px, card ${Math.round(box.left)} to ${Math.round(box.right)})`);
            break;
          }
        }
      }

      // 5. No word broken across lines when it would fit on one: a break after a hyphen or a
      //    dash is a line-break opportunity, and a word wider than its block (a long file name)
      //    has to break, unless the block lets words break anywhere, which squeezes a table's
      //    column to one letter. Hashes wrap anywhere by design.
      const block = (el) => {
        while (el.parentElement && getComputedStyle(el).display.startsWith('inline')) el = el.parentElement;
        const style = getComputedStyle(el);
        return el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let broken = 0;
      while (walker.nextNode() && broken < 10) {
        const node = walker.currentNode;
        const parent = node.parentElement;
        if (!parent || parent.closest('.hash, script, style, title')) continue;
        if (!parent.getClientRects().length) continue;
        for (const m of node.data.matchAll(/[^\s\-\u2013\u2014]+[\-\u2013\u2014]?/g)) {
          if (m[0].length < 2) continue;
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          const tops = new Set(rects.map((r) => Math.round(r.top)));
          if (tops.size < 2) continue;
          const wordWidth = rects.reduce((sum, r) => sum + r.width, 0);
          const style = getComputedStyle(parent);
          const anywhere = style.overflowWrap === 'anywhere' || style.wordBreak === 'break-all';
          if (!anywhere && wordWidth > block(parent) - 1) continue;
          say(`the word "${m[0]}" in ${name(parent)} is broken across ${tops.size} lines though it is ${Math.round(wordWidth)} px wide in ${Math.round(block(parent))} px`);
          broken += 1;
          break;
        }
      }

      // 6. The uncertain samples' figure, which grows with their count, is shown on a laptop
      //    at (nearly) the width it was drawn for, so that its titles stay legible.
      if (width >= 1000) {
        for (const img of document.querySelectorAll('#uncertain img')) {
          const drawn = Number(img.getAttribute('width')) || img.naturalWidth;
          const shown = img.getBoundingClientRect().width;
          if (shown < 0.9 * drawn) {
            say(`the uncertain samples' figure is shown ${Math.round(shown)} px wide, drawn for ${drawn} px`);
          }
        }
      }

      return JSON.stringify({
        problems,
        dark: matchMedia('(prefers-color-scheme: dark)').matches,
        scrollWidth: root.scrollWidth,
        height: Math.max(root.scrollHeight, document.body.scrollHeight),
        images: [...document.images].map((i) => i.currentSrc.startsWith('data:') ? 'data:' : i.currentSrc),
        text: document.body.innerText,
        links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href').slice(0, 40)),
      });
    })()
    """#
  }
}
