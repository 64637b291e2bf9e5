/**
 * The speaking indicator: a WebAudio analyser on a stream's audio, polled a few times a second.
 * One AudioContext for the page (browsers limit how many may exist).
 */
let context: AudioContext | null = null;
/** RMS of the waveform (0–1) above which someone counts as speaking; a quiet room sits near 0.01. */
const SPEAKING_RMS = 0.03;
const POLL_MS = 200;

/** Calls `onChange` whenever the stream's owner starts or stops speaking; returns the stop function. */
export function watchSpeaking(stream: MediaStream, onChange: (speaking: boolean) => void): () => void {
  if (stream.getAudioTracks().length === 0) return () => undefined;
  context ??= new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Uint8Array(analyser.fftSize);
  let speaking = false;
  const timer = setInterval(() => {
    analyser.getByteTimeDomainData(samples);
    let sum = 0;
    for (const v of samples) sum += ((v - 128) / 128) ** 2;
    const now = Math.sqrt(sum / samples.length) > SPEAKING_RMS;
    if (now !== speaking) onChange((speaking = now));
  }, POLL_MS);
  return () => {
    clearInterval(timer);
    source.disconnect();
  };
}
