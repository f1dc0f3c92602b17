// How a call is spoken, token by token: the same algorithm as display/voice.py (a test checks
// that the two agree for thousands of numbers and windows).

export const CHIME = "chime";
export const PAUSE = "pause";

const DIGITS = "零一二三四五六七八九";
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const WORDS = {
  qing: "请", hao: "号", dao: "到", "chuangkou-banli": "窗口办理",
  shi: "十", bai: "百", qian: "千",
};

export const TOKEN_TEXT = Object.freeze({
  ...Object.fromEntries([...DIGITS].map((c, d) => [`digit-${d}`, c])),
  ...Object.fromEntries([...LETTERS].map((c) => [`letter-${c}`, c])),
  ...WORDS,
});

const PLACES = [[1000, "qian"], [100, "bai"], [10, "shi"], [1, ""]];

export function readDigits(digits) {
  return [...digits].filter((c) => c >= "0" && c <= "9").map((c) => `digit-${c}`);
}

export function readNatural(n) {
  if (!(n > 0 && n < 10000)) return readDigits(String(n));
  const out = [];
  let zeroPending = false;
  for (const [value, unit] of PLACES) {
    const d = Math.floor(n / value) % 10;
    if (d === 0) {
      zeroPending = out.length > 0;
      continue;
    }
    if (zeroPending) {
      out.push("digit-0");
      zeroPending = false;
    }
    if (!(unit === "shi" && d === 1 && out.length === 0)) out.push(`digit-${d}`);
    if (unit) out.push(unit);
  }
  return out;
}

const isAsciiLetter = (c) => /^[A-Za-z]$/.test(c);
const isAsciiDigit = (c) => /^[0-9]$/.test(c);

export function numberTokens(number, style) {
  const match = /^([A-Za-z]*)([0-9]+)$/.exec(number.trim());
  if (!match) {
    return [...number].filter((c) => isAsciiLetter(c) || isAsciiDigit(c))
      .map((c) => (isAsciiLetter(c) ? `letter-${c.toUpperCase()}` : `digit-${c}`));
  }
  const [, letters, serial] = match;
  const spoken = style === "digits" ? readDigits(serial) : readNatural(parseInt(serial, 10));
  return [...[...letters].map((c) => `letter-${c.toUpperCase()}`), ...spoken];
}

export function callTokens(number, window, style) {
  return ["qing", ...numberTokens(number, style), "hao", "dao", ...readNatural(window),
    "hao", "chuangkou-banli"];
}

export function announcement(number, window, { style = "digits", repeat = 2, chime = true } = {}) {
  const once = callTokens(number, window, style);
  const out = chime ? [CHIME] : [];
  for (let i = 0; i < Math.max(1, repeat); i++) {
    if (i) out.push(PAUSE);
    out.push(...once);
  }
  return out;
}

export function sentence(number, window, style = "digits") {
  return callTokens(number, window, style).map((t) => TOKEN_TEXT[t]).join("");
}
