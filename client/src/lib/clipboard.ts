/** Copies text; without clipboard permission (insecure origin, headless) selects `input` so Ctrl+C works. */
export async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    input?.select();
    return false;
  }
}
