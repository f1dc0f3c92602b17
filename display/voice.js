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
const EN_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
  "nine"];
const EN_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
  "seventeen", "eighteen", "nineteen"];
const EN_TENS = { 20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty",
  70: "seventy", 80: "eighty", 90: "ninety" };
const EN_WORDS = { "en-number": "Number", "en-window": "please go to window" };

const BASE_TEXT = {
  ...Object.fromEntries([...DIGITS].map((c, d) => [`digit-${d}`, c])),
  ...Object.fromEntries([...LETTERS].map((c) => [`letter-${c}`, c])),
  ...WORDS,
  ...Object.fromEntries(EN_DIGITS.map((w, d) => [`en-digit-${d}`, w])),
  ...Object.fromEntries([...LETTERS].map((c) => [`en-letter-${c}`, c])),
  ...Object.fromEntries(EN_TEENS.map((w, i) => [`en-${10 + i}`, w])),
  ...Object.fromEntries(Object.entries(EN_TENS).map(([n, w]) => [`en-${n}`, w])),
  ...EN_WORDS,
};
// The words of the brief form, again at the brisk pace.
const BRISK = "brisk-";
const BRISK_WORDS = new Set(["hao", "shi", "bai", "qian"]);

export const TOKEN_TEXT = Object.freeze({
  ...BASE_TEXT,
  ...Object.fromEntries(Object.entries(BASE_TEXT)
    .filter(([t]) => t.startsWith("digit-") || t.startsWith("letter-") || BRISK_WORDS.has(t))
    .map(([t, text]) => [BRISK + t, text])),
  [`${BRISK}chuangkou`]: "窗口",
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

// The call said once, at the brisk pace, when others wait: A012 号，3 号窗口.
export function briefTokens(number, window, style) {
  return [...numberTokens(number, style), "hao", ...readNatural(window), "hao", "chuangkou"]
    .map((t) => BRISK + t);
}

export function readEnglish(n) {
  if (!(n > 0 && n < 100)) return [...String(n)].filter(isAsciiDigit).map((c) => `en-digit-${c}`);
  if (n < 10) return [`en-digit-${n}`];
  if (n < 20 || n % 10 === 0) return [`en-${n}`];
  return [`en-${n - (n % 10)}`, `en-digit-${n % 10}`];
}

export function englishTokens(number, window) {
  const said = [...number].filter((c) => isAsciiLetter(c) || isAsciiDigit(c))
    .map((c) => (isAsciiLetter(c) ? `en-letter-${c.toUpperCase()}` : `en-digit-${c}`));
  return ["en-number", ...said, "en-window", ...readEnglish(window)];
}

export function announcement(number, window,
  { style = "digits", repeat = 2, chime = true, english = false } = {}) {
  const once = callTokens(number, window, style);
  const out = chime ? [CHIME] : [];
  for (let i = 0; i < Math.max(1, repeat); i++) {
    if (i) out.push(PAUSE);
    out.push(...once);
  }
  if (english) out.push(PAUSE, ...englishTokens(number, window));
  return out;
}

export function textOf(tokens) {
  const english = tokens.filter((t) => t.startsWith("en-")).map((t) => TOKEN_TEXT[t]);
  if (english.length) return english.join(" ");
  return tokens.filter((t) => t in TOKEN_TEXT).map((t) => TOKEN_TEXT[t]).join("");
}

export function sentence(number, window, style = "digits") {
  return textOf(callTokens(number, window, style));
}
