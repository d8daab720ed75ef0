import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as io from '../../src/io/index';
import * as ioNode from '../../src/io/node/index';

const srcIo = fileURLToPath(new URL('../../src/io/', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('rankseg/io codecs are browser-safe', () => {
  const core = tsFiles(srcIo).filter((f) => !relative(srcIo, f).startsWith('node'));

  it('no file outside src/io/node imports a Node built-in or uses Buffer/process', () => {
    expect(core.length).toBeGreaterThan(20);
    const offenders = core.filter((f) => {
      const text = readFileSync(f, 'utf8').replace(/^\s*(\/\/|\*).*$/gm, ''); // code, not comments
      return /from ['"](node:|fs|path|os|crypto)['"]|\bBuffer\b|\bprocess\./.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it('the codec index exports the documented functions and no Node helper', () => {
    expect(Object.keys(io).sort()).toEqual(
      [
        'DTYPES',
        'IoFormatError',
        'NIFTI_DATATYPE_CODE',
        'NIFTI_INTENT_LABEL',
        'decodeNifti',
        'decodeNpy',
        'decodeNpz',
        'decodePng',
        'encodeNifti',
        'encodeNiftiChunks',
        'encodeNpy',
        'encodeNpyChunks',
        'encodeNpz',
        'encodeNpzChunks',
        'encodePng',
        'floatToHalf',
        'halfToFloat',
        'labelPalette',
        'labelsToNifti',
        'labelsToPng',
        'maskDifference',
        'maskToPng',
        'niftiToProbabilities',
        'overlayLabels',
        'overlayMask',
        'pngToProbabilities',
        'probabilitiesToPng',
        'sideBySide',
        'toRgb',
      ].sort(),
    );
  });

  it('the Node index exports the file helpers and the same IoFormatError class', () => {
    expect(Object.keys(ioNode).sort()).toEqual(
      [
        'IoFileError',
        'IoFormatError',
        'arrayFileFormat',
        'readArrayFile',
        'readNifti',
        'readNpy',
        'readNpz',
        'readPng',
        'writeArrayFile',
        'writeFileAtomic',
        'writeNifti',
        'writeNpy',
        'writeNpz',
        'writePng',
      ].sort(),
    );
    expect(ioNode.IoFormatError).toBe(io.IoFormatError);
  });
});
