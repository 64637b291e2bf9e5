/**
 * The room header's actions. On a wide screen they sit in the header; at 1000 px and less (see
 * room/responsive.css) they fold into a "Menu" button, so none runs off the screen.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export function HeaderActions(props: { children: ComponentChildren }): JSX.Element {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent): void => {
      const target = e.target as Node;
      if (!box.current?.contains(target) && !toggle.current?.contains(target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      toggle.current?.focus();
    };
    addEventListener('pointerdown', onDown);
    addEventListener('keydown', onKey);
    return () => {
      removeEventListener('pointerdown', onDown);
      removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <>
      <button ref={toggle} type="button" class="menu-toggle" aria-expanded={open} aria-controls="room-actions" onClick={() => setOpen(!open)}>
        Menu
      </button>
      <div
        ref={box}
        id="room-actions"
        class={`header-actions${open ? ' open' : ''}`}
        // A chosen action closes the menu (a checkbox stays: it is a setting, not a command).
        onClick={(e) => (e.target as HTMLElement).closest('button, a') && setOpen(false)}
      >
        {props.children}
      </div>
    </>
  );
}
