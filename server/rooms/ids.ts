import crypto from 'node:crypto';

/** Room ids carry 128 random bits: knowing one room's id tells nothing about another's. */
export const newRoomId = (): string => crypto.randomBytes(16).toString('base64url');
export const newId = (): string => crypto.randomBytes(12).toString('base64url');

/** Cursor and avatar colours; readable on a light background. */
export const PALETTE = [
  '#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2',
  '#db2777', '#65a30d', '#4f46e5', '#b45309', '#0d9488', '#7c3aed',
] as const;

export const colorFor = (index: number): string => PALETTE[index % PALETTE.length] ?? '#2563eb';
