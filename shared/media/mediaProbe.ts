import { execFile } from 'node:child_process';

/**
 * Real metadata of an uploaded video (issue 18): ffprobe reads the duration and the video stream's
 * size, ffmpeg grabs one frame as a JPEG thumbnail. Both read the object over HTTPS through a
 * short-lived presigned GET (range requests), so a large video is never copied into the function.
 *
 * Where the binaries come from: Debian's `ffmpeg` package locally and in CI (`.ci/run` installs it);
 * in AWS a Lambda layer with static ffmpeg/ffprobe builds under /opt/bin, whose ARN is a stage setting
 * (`-c ffmpegLayerArn=…`, lib/stageConfig.ts). Without a layer the media function runs with
 * MEDIA_PROBE=off and records `duration_seconds: null` and no thumbnail: no data is null, never a
 * guess. MediaConvert was the alternative: it is asynchronous (a job, an EventBridge event, another
 * function) and priced per output minute, which buys transcoding Cairn does not do; one ffprobe call
 * and one frame are a few hundred milliseconds.
 */
export interface VideoProbe {
  durationSeconds: number;
  width: number | null;
  height: number | null;
  codec: string | null;
}

export interface ProbeConfig {
  enabled: boolean;
  ffprobe: string;
  ffmpeg: string;
  timeoutMs: number;
}

export function probeConfig(env: NodeJS.ProcessEnv = process.env): ProbeConfig {
  return {
    enabled: env.MEDIA_PROBE !== 'off',
    ffprobe: env.FFPROBE_PATH || 'ffprobe',
    ffmpeg: env.FFMPEG_PATH || 'ffmpeg',
    timeoutMs: Number(env.MEDIA_PROBE_TIMEOUT_MS ?? 10_000),
  };
}

function run(file: string, args: string[], timeoutMs: number, binary = false): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024, encoding: 'buffer' }, (err, stdout) => {
      if (err) reject(err);
      else resolve(binary ? stdout : Buffer.from(stdout));
    });
  });
}

/** Thrown when the bytes are not a playable video (ffprobe finds no video stream or no duration). */
export class NotAVideoError extends Error {
  constructor() {
    super('The file is not a readable video');
    this.name = 'NotAVideoError';
  }
}

/** Duration and video stream of the file at `url`; NotAVideoError when it has none. */
export async function probeVideo(url: string, config: ProbeConfig = probeConfig()): Promise<VideoProbe> {
  let out: Buffer;
  try {
    out = await run(config.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', url], config.timeoutMs);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') throw err;
    throw new NotAVideoError();
  }
  const parsed = JSON.parse(out.toString('utf8')) as { format?: { duration?: string }; streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number; duration?: string }[] };
  const video = parsed.streams?.find((s) => s.codec_type === 'video');
  const duration = Number(parsed.format?.duration ?? video?.duration ?? NaN);
  if (!video || !Number.isFinite(duration) || duration <= 0) throw new NotAVideoError();
  return { durationSeconds: Math.round(duration * 1000) / 1000, width: video.width ?? null, height: video.height ?? null, codec: video.codec_name ?? null };
}

/** One frame (at 1 s, or the middle of a shorter video) as a JPEG 320 pixels wide. */
export async function videoThumbnail(url: string, durationSeconds: number, config: ProbeConfig = probeConfig()): Promise<Uint8Array> {
  const at = Math.min(1, durationSeconds / 2).toFixed(3);
  const jpeg = await run(config.ffmpeg, ['-v', 'error', '-ss', at, '-i', url, '-frames:v', '1', '-vf', 'scale=320:-2', '-f', 'image2', '-c:v', 'mjpeg', 'pipe:1'], config.timeoutMs, true);
  if (jpeg.length < 3 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('ffmpeg produced no JPEG');
  return new Uint8Array(jpeg);
}
