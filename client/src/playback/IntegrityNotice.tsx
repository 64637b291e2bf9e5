/**
 * The candidate's notice of what this interview records about them (`INTEGRITY_NOTICE`, word for
 * word), with the events recorded so far. While the room is open, the page reports them.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { INTEGRITY_NOTICE, type ReplayEvent } from '../../../shared/replay.js';
import type { RoomConnection } from '../lib/connection.js';
import { recordedAboutMe, reportIntegrity } from './integrity.js';

const describe = (e: ReplayEvent): string =>
  e.kind === 'paste' ? `Paste of ${String(e.data?.['chars'])} characters` : e.data?.['focused'] ? 'Window regained focus' : 'Window lost focus';

export function IntegrityNotice(props: { conn: RoomConnection; reporting: boolean }): JSX.Element {
  const [events, setEvents] = useState<ReplayEvent[]>([]);
  const [open, setOpen] = useState(true);
  useEffect(() => {
    recordedAboutMe(props.conn.control).then(setEvents, () => undefined);
  }, [props.conn]);
  useEffect(() => {
    if (!props.reporting) return;
    return reportIntegrity(props.conn.control, (event) => setEvents((list) => [...list, event]));
  }, [props.conn, props.reporting]);

  if (!open) {
    return (
      <div class="notice integrity-notice">
        Recorded about you: {events.length} event{events.length === 1 ? '' : 's'}.{' '}
        <button type="button" class="small-button" onClick={() => setOpen(true)}>
          What is recorded?
        </button>
      </div>
    );
  }
  return (
    <section class="notice integrity-notice" aria-labelledby="integrity-heading" data-testid="integrity-notice">
      <strong id="integrity-heading">{INTEGRITY_NOTICE.heading}</strong>
      <ul>
        {INTEGRITY_NOTICE.items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
      <span>{INTEGRITY_NOTICE.footer}</span>{' '}
      <button type="button" class="small-button" onClick={() => setOpen(false)}>
        Got it
      </button>
      <details>
        <summary>Your recorded events ({events.length})</summary>
        {events.length === 0 ? (
          <p class="muted">None so far.</p>
        ) : (
          <ul data-testid="my-events">
            {events.map((e, i) => (
              <li key={i}>
                {new Date(e.t).toLocaleTimeString()} — {describe(e)}
              </li>
            ))}
          </ul>
        )}
      </details>
    </section>
  );
}
