import { describe, expect, it } from '@jest/globals';
import { ImageWork, ImageWorkBusy } from './image-work.js';

describe('image work', () => {
  it('runs one job a core at a time, and refuses renditions past a short queue, not uploads', async () => {
    const work = new ImageWork();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let running = 0;
    let most = 0;
    const job = () =>
      work.rendition(async () => {
        running++;
        most = Math.max(most, running);
        await gate;
        running--;
      });
    const jobs = Array.from({ length: 200 }, () =>
      job().then(
        () => 'done',
        (error: unknown) => error,
      ),
    );
    const upload = work.upload(async () => 'uploaded');
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    const outcomes = await Promise.all(jobs);
    const refused = outcomes.filter((outcome) => outcome instanceof ImageWorkBusy);
    expect(refused.length).toBeGreaterThan(100);
    expect(outcomes.filter((outcome) => outcome === 'done').length).toBeGreaterThanOrEqual(32);
    expect(most).toBeLessThanOrEqual(Math.max(1, (await import('node:os')).availableParallelism()));
    expect(await upload).toBe('uploaded');
  });
});
