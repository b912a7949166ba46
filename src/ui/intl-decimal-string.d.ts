// ES2023's Intl.NumberFormat v3 formats a decimal string exactly, with no trip through floating point; TypeScript's
// ES2022 lib (the project's target) does not declare that overload yet. Chromium has it since 106, Node since 19.
declare global {
  namespace Intl {
    interface NumberFormat {
      format(value: `${number}`): string;
    }
  }
}

export {};
