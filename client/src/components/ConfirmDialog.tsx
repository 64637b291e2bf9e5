/**
 * In-app confirmation instead of `confirm()`: styled like the app, readable by screen readers,
 * and not blocking the page (the clock and the pad keep updating while it is open).
 */
import type { JSX } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface ConfirmRequest {
  title: string;
  message: string;
  confirm: string;
  danger?: boolean;
}

type Pending = ConfirmRequest & { resolve: (ok: boolean) => void };

/** `ask(request)` resolves true when confirmed; render `dialog` somewhere in the tree. */
export function useConfirm(): { ask: (request: ConfirmRequest) => Promise<boolean>; dialog: JSX.Element | null } {
  const [pending, setPending] = useState<Pending | null>(null);
  const ask = (request: ConfirmRequest): Promise<boolean> => new Promise((resolve) => setPending({ ...request, resolve }));
  const close = (ok: boolean): void => {
    pending?.resolve(ok);
    setPending(null);
  };
  return { ask, dialog: pending ? <ConfirmDialog request={pending} onClose={close} /> : null };
}

function ConfirmDialog(props: { request: ConfirmRequest; onClose: (ok: boolean) => void }): JSX.Element {
  const cancel = useRef<HTMLButtonElement>(null);
  // Layout effect: the focus is on Cancel in the same task the dialog appears in, before a paint, so
  // a key pressed the moment it shows cannot land on the button that opened it.
  useLayoutEffect(() => {
    const returnTo = document.activeElement as HTMLElement | null;
    cancel.current?.focus();
    return () => returnTo?.focus();
  }, []);
  const { title, message, confirm, danger } = props.request;
  return (
    <div class="overlay" role="presentation" onClick={(e) => e.target === e.currentTarget && props.onClose(false)}>
      <div
        class="dialog confirm-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-message"
        onKeyDown={(e) => e.key === 'Escape' && props.onClose(false)}
      >
        <h2 id="confirm-title">{title}</h2>
        <p id="confirm-message">{message}</p>
        <div class="row dialog-buttons">
          <span class="spacer" />
          <button type="button" ref={cancel} onClick={() => props.onClose(false)}>
            Cancel
          </button>
          <button type="button" class={danger ? 'danger-solid' : 'primary'} onClick={() => props.onClose(true)}>
            {confirm}
          </button>
        </div>
      </div>
    </div>
  );
}
