/**
 * Who is in each room's call, in memory: the call is live media between connected browsers, so it
 * ends with their sockets and is never stored. Each member is held by the one socket that joined.
 */
import type { CallMember, CallMediaRequest, CallState } from '../../shared/call.js';
import type { Subject } from '../../shared/policy.js';

export interface Member extends CallMember {
  /** The socket that joined; signals for this member go to it alone. */
  socketId: string;
  /** The person as stored, for the policy when the room's settings change. */
  subject: Subject;
}

export class CallRegistry {
  private readonly rooms = new Map<string, Member[]>();

  state(roomId: string): CallState {
    return { members: (this.rooms.get(roomId) ?? []).map(({ id, sends, mic, camera, screen }) => ({ id, sends, mic, camera, screen })) };
  }

  members(roomId: string): readonly Member[] {
    return this.rooms.get(roomId) ?? [];
  }

  member(roomId: string, participantId: string): Member | undefined {
    return this.rooms.get(roomId)?.find((m) => m.id === participantId);
  }

  /** The member held by exactly this socket (another tab of the same person is not it). */
  memberOn(roomId: string, participantId: string, socketId: string): Member | undefined {
    const member = this.member(roomId, participantId);
    return member?.socketId === socketId ? member : undefined;
  }

  add(roomId: string, member: Member): void {
    const list = this.rooms.get(roomId) ?? [];
    this.rooms.set(roomId, [...list.filter((m) => m.id !== member.id), member]);
  }

  /** Removes the member if this socket holds it; returns whether anything changed. */
  remove(roomId: string, participantId: string, socketId: string): boolean {
    const list = this.rooms.get(roomId);
    if (!list?.some((m) => m.id === participantId && m.socketId === socketId)) return false;
    const rest = list.filter((m) => m.id !== participantId);
    if (rest.length) this.rooms.set(roomId, rest);
    else this.rooms.delete(roomId);
    return true;
  }

  setMedia(member: Member, flags: CallMediaRequest): void {
    Object.assign(member, flags);
  }

  /** Takes the right to send away (and turns the flags off); returns whether it had it. */
  demote(member: Member): boolean {
    if (!member.sends) return false;
    Object.assign(member, { sends: false, mic: false, camera: false, screen: false });
    return true;
  }

  clear(roomId: string): boolean {
    return this.rooms.delete(roomId);
  }

  /** Rooms with a call (bounded-memory checks). */
  get roomCount(): number {
    return this.rooms.size;
  }
}
