/**
 * The "just changed" cue, rationed so it points at news instead of blinking everywhere: a commune
 * lights up at most once per `cooldownMs`, at most `max` communes are lit at once (further changes
 * in a storm go uncued; their colour still changes), and each cue fades out over `durationMs`
 * instead of vanishing, so a busy province breathes rather than flickers (issue 14).
 */

/** Options of {@link createFlashCues}, with their defaults. */
export interface FlashCueOptions {
  /** How long a cue lasts, fading out (1.5 s). */
  durationMs?: number;
  /** The least time between two cues of one commune (5 s). */
  cooldownMs?: number;
  /** The most communes lit at once (24). */
  max?: number;
}

/** A lit commune and how strongly it is drawn, 1 when just changed down to 0 when ending. */
export interface FlashCue {
  code: string;
  strength: number;
}

/** The rationed cues; time comes from the caller. */
export function createFlashCues(options: FlashCueOptions = {}) {
  const durationMs = options.durationMs ?? 1500;
  const cooldownMs = options.cooldownMs ?? 5000;
  const max = options.max ?? 24;
  // When each commune's last cue started; kept past its end for the cooldown.
  const started = new Map<string, number>();
  const lit = (now: number) => [...started].filter(([, at]) => now - at < durationMs);
  const forget = (now: number) => {
    for (const [code, at] of started) if (now - at >= Math.max(durationMs, cooldownMs)) started.delete(code);
  };
  return {
    /** A commune's value changed at `now`: whether a new cue started (false: rationed away). */
    touch(code: string, now: number): boolean {
      forget(now);
      if (started.has(code)) return false;
      if (lit(now).length >= max) return false;
      started.set(code, now);
      return true;
    },
    /** The cues lit at `now`, strength falling linearly to 0 at the end. */
    cues(now: number): FlashCue[] {
      forget(now);
      return lit(now).map(([code, at]) => ({ code, strength: 1 - (now - at) / durationMs }));
    },
    /** Whether any cue is lit at `now` (the caller keeps redrawing until none is). */
    active(now: number): boolean {
      return lit(now).length > 0;
    },
    /** Drops every cue (the metric changed: the old cues say nothing about the new colours). */
    clear(): void {
      started.clear();
    },
  };
}
