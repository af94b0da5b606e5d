/** Small DOM helpers shared by the page's panels. */
import { errorText } from './worker-messages';

/** The seed typed into an input, or an error saying what a seed may be (shown once, as typed). */
export function readSeed(input: HTMLInputElement): number {
  const text = input.value.trim();
  const seed = Number(text);
  if (text === '' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`the seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER.toLocaleString('en')}, got ${text === '' ? 'an empty or non-numeric entry' : `"${text}"`}`);
  }
  return seed;
}

/** The element with this id, or an error naming it. */
export function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

/** Lets the browser paint and handle clicks between chunks of synchronous work. */
export function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Sets a panel's status line: its text and its data-state (read by the end-to-end test). */
export function setStatus(line: HTMLElement, state: string, message: string): void {
  line.dataset.state = state;
  line.textContent = message;
}

/** Adds one option per entry (value = key, text = label). */
export function fillSelect(select: HTMLSelectElement, entries: Readonly<Record<string, { label: string }>>): void {
  for (const [name, { label }] of Object.entries(entries)) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = label;
    select.append(option);
  }
}

/** Enables a panel's controls for idle or for a running job (only Stop stays live while running). */
export function controlsToggle(idleControls: readonly (HTMLSelectElement | HTMLButtonElement)[], stop: HTMLButtonElement): (running: boolean) => void {
  return (running) => {
    for (const control of idleControls) control.disabled = running;
    stop.disabled = !running;
  };
}

/**
 * Runs an async job when the button is clicked; if it fails, the status line shows the error, the
 * panel's controls are reset and the error is passed on.
 */
export function runOnClick(
  button: HTMLButtonElement,
  job: () => Promise<void>,
  failure: { status: HTMLElement; reset: () => void; onError: (error: unknown) => void },
): void {
  button.addEventListener('click', () => {
    job().catch((error: unknown) => {
      setStatus(failure.status, 'error', errorText(error));
      failure.reset();
      failure.onError(error);
    });
  });
}
