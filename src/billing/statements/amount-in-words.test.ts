import { describe, expect, it } from 'vitest';
import { amountInWords, integerInWords } from './amount-in-words.js';

describe('amount in words (Indian system)', () => {
  it('groups by thousand, lakh and crore', () => {
    expect(integerInWords(0n)).toBe('Zero');
    expect(integerInWords(15n)).toBe('Fifteen');
    expect(integerInWords(101n)).toBe('One Hundred One');
    expect(integerInWords(123_456n)).toBe('One Lakh Twenty-Three Thousand Four Hundred Fifty-Six');
    expect(integerInWords(12_34_56_789n)).toBe('Twelve Crore Thirty-Four Lakh Fifty-Six Thousand Seven Hundred Eighty-Nine');
    expect(integerInWords(1_000_00_00_000n)).toBe('One Thousand Crore');
  });
  it('adds paise', () => {
    expect(amountInWords(123_456_780_000)).toBe('Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Seventy-Eight Paise Only');
    expect(amountInWords(1_000_000)).toBe('Rupees One Only');
  });
});
