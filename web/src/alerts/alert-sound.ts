/**
 * The optional sound cue for a new critical alert: two short tones made by Web Audio, so no audio
 * file is fetched. Browsers allow sound only after a user gesture; the toggle is that gesture.
 */
let context: AudioContext | undefined;

/** Plays the cue; silently does nothing where audio is unavailable. */
export function playAlertTone(): void {
  try {
    context ??= new AudioContext();
    const start = context.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.25, 660],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.2);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.2);
    }
  } catch {
    // No audio device or policy refusal: the visual cue remains.
  }
}
