/**
 * `text` without the periods it ends with, to be continued or closed by the caller: messages are joined into
 * sentences (`…: ${clause(error.message)}.`), and a message that ends a sentence already would end it twice.
 *
 * @param text - a message, e.g. an error's
 * @returns the text with no final period or trailing space
 */
export function clause(text: string): string {
  return text.trimEnd().replace(/\.+$/, '');
}
