/**
 * Who is connected to which room, counted per participant (one person may have several tabs).
 * Fed by the control plane; read by the HTTP API and the control plane.
 */
export class Presence {
  private readonly rooms = new Map<string, Map<string, number>>();

  /** Returns true when this is the participant's first connection (they just came online). */
  add(roomId: string, participantId: string): boolean {
    let room = this.rooms.get(roomId);
    if (!room) this.rooms.set(roomId, (room = new Map()));
    const count = (room.get(participantId) ?? 0) + 1;
    room.set(participantId, count);
    return count === 1;
  }

  /** Returns true when this was the participant's last connection (they went away). */
  remove(roomId: string, participantId: string): boolean {
    const room = this.rooms.get(roomId);
    const count = room?.get(participantId);
    if (!room || count === undefined) return false;
    if (count > 1) {
      room.set(participantId, count - 1);
      return false;
    }
    room.delete(participantId);
    if (room.size === 0) this.rooms.delete(roomId);
    return true;
  }

  online(roomId: string): Set<string> {
    return new Set(this.rooms.get(roomId)?.keys());
  }

  /** Number of rooms with anyone connected (metrics, bounded-memory tests). */
  get roomCount(): number {
    return this.rooms.size;
  }
}
