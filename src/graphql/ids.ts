import { badInput } from './errors';

const MAX_ID_LENGTH = 200;

/** Ids are short printable strings; anything else is a client mistake worth naming, not a lookup. */
export function checkId(id: string, argument = 'id'): string {
  if (id.length === 0 || id.length > MAX_ID_LENGTH || /[\s\p{Cc}]/u.test(id)) {
    throw badInput(
      argument,
      `must be a concept id: 1 to ${MAX_ID_LENGTH} characters, no spaces (got "${id.slice(0, 40)}")`,
    );
  }
  return id;
}
