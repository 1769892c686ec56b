import { createRequire as __gateRequire } from "node:module"; const require = __gateRequire(import.meta.url);
import {
  AWS_KINDS,
  HOST_PLACEHOLDER,
  compileRegex,
  meetsExpectation,
  parseJsonPath,
  require_dist,
  valueAt
} from "./chunk-JFA4QK6K.js";
import {
  GitError,
  firstWhere,
  git,
  gitBytes,
  headCommit,
  workTreeRoot
} from "./chunk-YIBPZSQ5.js";
import {
  CUT,
  excerpt,
  oneLine,
  tail
} from "./chunk-R2DIGXLS.js";
import {
  parseDuration
} from "./chunk-RBESHOKK.js";
import {
  UserError,
  anyGlob,
  compileGlob,
  globBase
} from "./chunk-ESZZZHL2.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-OLBDVPO5.js";

// node_modules/dotenv/lib/main.js
var require_main = __commonJS({
  "node_modules/dotenv/lib/main.js"(exports, module) {
    var fs2 = __require("fs");
    var path = __require("path");
    var os = __require("os");
    var crypto = __require("crypto");
    var TIPS = [
      "\u25C8 encrypted .env [www.dotenvx.com]",
      "\u25C8 secrets for agents [www.dotenvx.com]",
      "\u2301 auth for agents [www.vestauth.com]",
      "\u2318 custom filepath { path: '/custom/path/.env' }",
      "\u2318 enable debugging { debug: true }",
      "\u2318 override existing { override: true }",
      "\u2318 suppress logs { quiet: true }",
      "\u2318 multiple files { path: ['.env.local', '.env'] }"
    ];
    function _getRandomTip() {
      return TIPS[Math.floor(Math.random() * TIPS.length)];
    }
    function parseBoolean(value) {
      if (typeof value === "string") {
        return !["false", "0", "no", "off", ""].includes(value.toLowerCase());
      }
      return Boolean(value);
    }
    function supportsAnsi() {
      return process.stdout.isTTY;
    }
    function dim(text) {
      return supportsAnsi() ? `\x1B[2m${text}\x1B[0m` : text;
    }
    var LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/mg;
    function parse2(src) {
      const obj = {};
      let lines = src.toString();
      lines = lines.replace(/\r\n?/mg, "\n");
      let match;
      while ((match = LINE.exec(lines)) != null) {
        const key = match[1];
        let value = match[2] || "";
        value = value.trim();
        const maybeQuote = value[0];
        value = value.replace(/^(['"`])([\s\S]*)\1$/mg, "$2");
        if (maybeQuote === '"') {
          value = value.replace(/\\n/g, "\n");
          value = value.replace(/\\r/g, "\r");
        }
        obj[key] = value;
      }
      return obj;
    }
    function _parseVault(options) {
      options = options || {};
      const vaultPath = _vaultPath(options);
      options.path = vaultPath;
      const result2 = DotenvModule.configDotenv(options);
      if (!result2.parsed) {
        const err = new Error(`MISSING_DATA: Cannot parse ${vaultPath} for an unknown reason`);
        err.code = "MISSING_DATA";
        throw err;
      }
      const keys = _dotenvKey(options).split(",");
      const length = keys.length;
      let decrypted;
      for (let i = 0; i < length; i++) {
        try {
          const key = keys[i].trim();
          const attrs = _instructions(result2, key);
          decrypted = DotenvModule.decrypt(attrs.ciphertext, attrs.key);
          break;
        } catch (error) {
          if (i + 1 >= length) {
            throw error;
          }
        }
      }
      return DotenvModule.parse(decrypted);
    }
    function _warn(message) {
      console.error(`\u26A0 ${message}`);
    }
    function _debug(message) {
      console.log(`\u2506 ${message}`);
    }
    function _log(message) {
      console.log(`\u25C7 ${message}`);
    }
    function _dotenvKey(options) {
      if (options && options.DOTENV_KEY && options.DOTENV_KEY.length > 0) {
        return options.DOTENV_KEY;
      }
      if (process.env.DOTENV_KEY && process.env.DOTENV_KEY.length > 0) {
        return process.env.DOTENV_KEY;
      }
      return "";
    }
    function _instructions(result2, dotenvKey) {
      let uri;
      try {
        uri = new URL(dotenvKey);
      } catch (error) {
        if (error.code === "ERR_INVALID_URL") {
          const err = new Error("INVALID_DOTENV_KEY: Wrong format. Must be in valid uri format like dotenv://:key_1234@dotenvx.com/vault/.env.vault?environment=development");
          err.code = "INVALID_DOTENV_KEY";
          throw err;
        }
        throw error;
      }
      const key = uri.password;
      if (!key) {
        const err = new Error("INVALID_DOTENV_KEY: Missing key part");
        err.code = "INVALID_DOTENV_KEY";
        throw err;
      }
      const environment = uri.searchParams.get("environment");
      if (!environment) {
        const err = new Error("INVALID_DOTENV_KEY: Missing environment part");
        err.code = "INVALID_DOTENV_KEY";
        throw err;
      }
      const environmentKey = `DOTENV_VAULT_${environment.toUpperCase()}`;
      const ciphertext = result2.parsed[environmentKey];
      if (!ciphertext) {
        const err = new Error(`NOT_FOUND_DOTENV_ENVIRONMENT: Cannot locate environment ${environmentKey} in your .env.vault file.`);
        err.code = "NOT_FOUND_DOTENV_ENVIRONMENT";
        throw err;
      }
      return { ciphertext, key };
    }
    function _vaultPath(options) {
      let possibleVaultPath = null;
      if (options && options.path && options.path.length > 0) {
        if (Array.isArray(options.path)) {
          for (const filepath of options.path) {
            if (fs2.existsSync(filepath)) {
              possibleVaultPath = filepath.endsWith(".vault") ? filepath : `${filepath}.vault`;
            }
          }
        } else {
          possibleVaultPath = options.path.endsWith(".vault") ? options.path : `${options.path}.vault`;
        }
      } else {
        possibleVaultPath = path.resolve(process.cwd(), ".env.vault");
      }
      if (fs2.existsSync(possibleVaultPath)) {
        return possibleVaultPath;
      }
      return null;
    }
    function _resolveHome(envPath) {
      return envPath[0] === "~" ? path.join(os.homedir(), envPath.slice(1)) : envPath;
    }
    function _configVault(options) {
      const debug = parseBoolean(process.env.DOTENV_CONFIG_DEBUG || options && options.debug);
      const quiet = parseBoolean(process.env.DOTENV_CONFIG_QUIET || options && options.quiet);
      if (debug || !quiet) {
        _log("loading env from encrypted .env.vault");
      }
      const parsed = DotenvModule._parseVault(options);
      let processEnv = process.env;
      if (options && options.processEnv != null) {
        processEnv = options.processEnv;
      }
      DotenvModule.populate(processEnv, parsed, options);
      return { parsed };
    }
    function configDotenv(options) {
      const dotenvPath = path.resolve(process.cwd(), ".env");
      let encoding = "utf8";
      let processEnv = process.env;
      if (options && options.processEnv != null) {
        processEnv = options.processEnv;
      }
      let debug = parseBoolean(processEnv.DOTENV_CONFIG_DEBUG || options && options.debug);
      let quiet = parseBoolean(processEnv.DOTENV_CONFIG_QUIET || options && options.quiet);
      if (options && options.encoding) {
        encoding = options.encoding;
      } else {
        if (debug) {
          _debug("no encoding is specified (UTF-8 is used by default)");
        }
      }
      let optionPaths = [dotenvPath];
      if (options && options.path) {
        if (!Array.isArray(options.path)) {
          optionPaths = [_resolveHome(options.path)];
        } else {
          optionPaths = [];
          for (const filepath of options.path) {
            optionPaths.push(_resolveHome(filepath));
          }
        }
      }
      let lastError;
      const parsedAll = {};
      for (const path2 of optionPaths) {
        try {
          const parsed = DotenvModule.parse(fs2.readFileSync(path2, { encoding }));
          DotenvModule.populate(parsedAll, parsed, options);
        } catch (e) {
          if (debug) {
            _debug(`failed to load ${path2} ${e.message}`);
          }
          lastError = e;
        }
      }
      const populated = DotenvModule.populate(processEnv, parsedAll, options);
      debug = parseBoolean(processEnv.DOTENV_CONFIG_DEBUG || debug);
      quiet = parseBoolean(processEnv.DOTENV_CONFIG_QUIET || quiet);
      if (debug || !quiet) {
        const keysCount = Object.keys(populated).length;
        const shortPaths = [];
        for (const filePath of optionPaths) {
          try {
            const relative3 = path.relative(process.cwd(), filePath);
            shortPaths.push(relative3);
          } catch (e) {
            if (debug) {
              _debug(`failed to load ${filePath} ${e.message}`);
            }
            lastError = e;
          }
        }
        _log(`injected env (${keysCount}) from ${shortPaths.join(",")} ${dim(`// tip: ${_getRandomTip()}`)}`);
      }
      if (lastError) {
        return { parsed: parsedAll, error: lastError };
      } else {
        return { parsed: parsedAll };
      }
    }
    function config(options) {
      if (_dotenvKey(options).length === 0) {
        return DotenvModule.configDotenv(options);
      }
      const vaultPath = _vaultPath(options);
      if (!vaultPath) {
        _warn(`you set DOTENV_KEY but you are missing a .env.vault file at ${vaultPath}`);
        return DotenvModule.configDotenv(options);
      }
      return DotenvModule._configVault(options);
    }
    function decrypt(encrypted, keyStr) {
      const key = Buffer.from(keyStr.slice(-64), "hex");
      let ciphertext = Buffer.from(encrypted, "base64");
      const nonce = ciphertext.subarray(0, 12);
      const authTag = ciphertext.subarray(-16);
      ciphertext = ciphertext.subarray(12, -16);
      try {
        const aesgcm = crypto.createDecipheriv("aes-256-gcm", key, nonce);
        aesgcm.setAuthTag(authTag);
        return `${aesgcm.update(ciphertext)}${aesgcm.final()}`;
      } catch (error) {
        const isRange = error instanceof RangeError;
        const invalidKeyLength = error.message === "Invalid key length";
        const decryptionFailed = error.message === "Unsupported state or unable to authenticate data";
        if (isRange || invalidKeyLength) {
          const err = new Error("INVALID_DOTENV_KEY: It must be 64 characters long (or more)");
          err.code = "INVALID_DOTENV_KEY";
          throw err;
        } else if (decryptionFailed) {
          const err = new Error("DECRYPTION_FAILED: Please check your DOTENV_KEY");
          err.code = "DECRYPTION_FAILED";
          throw err;
        } else {
          throw error;
        }
      }
    }
    function populate(processEnv, parsed, options = {}) {
      const debug = Boolean(options && options.debug);
      const override = Boolean(options && options.override);
      const populated = {};
      if (typeof parsed !== "object") {
        const err = new Error("OBJECT_REQUIRED: Please check the processEnv argument being passed to populate");
        err.code = "OBJECT_REQUIRED";
        throw err;
      }
      for (const key of Object.keys(parsed)) {
        if (Object.prototype.hasOwnProperty.call(processEnv, key)) {
          if (override === true) {
            processEnv[key] = parsed[key];
            populated[key] = parsed[key];
          }
          if (debug) {
            if (override === true) {
              _debug(`"${key}" is already defined and WAS overwritten`);
            } else {
              _debug(`"${key}" is already defined and was NOT overwritten`);
            }
          }
        } else {
          processEnv[key] = parsed[key];
          populated[key] = parsed[key];
        }
      }
      return populated;
    }
    var DotenvModule = {
      configDotenv,
      _configVault,
      _parseVault,
      config,
      decrypt,
      parse: parse2,
      populate
    };
    module.exports.configDotenv = DotenvModule.configDotenv;
    module.exports._configVault = DotenvModule._configVault;
    module.exports._parseVault = DotenvModule._parseVault;
    module.exports.config = DotenvModule.config;
    module.exports.decrypt = DotenvModule.decrypt;
    module.exports.parse = DotenvModule.parse;
    module.exports.populate = DotenvModule.populate;
    module.exports = DotenvModule;
  }
});

// node_modules/picomatch/lib/constants.js
var require_constants = __commonJS({
  "node_modules/picomatch/lib/constants.js"(exports, module) {
    "use strict";
    var WIN_SLASH = "\\\\/";
    var WIN_NO_SLASH = `[^${WIN_SLASH}]`;
    var DEFAULT_MAX_EXTGLOB_RECURSION = 0;
    var DOT_LITERAL = "\\.";
    var PLUS_LITERAL = "\\+";
    var QMARK_LITERAL = "\\?";
    var SLASH_LITERAL = "\\/";
    var ONE_CHAR = "(?=.)";
    var QMARK = "[^/]";
    var END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
    var START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
    var DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
    var NO_DOT = `(?!${DOT_LITERAL})`;
    var NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
    var NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
    var NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
    var QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
    var STAR = `${QMARK}*?`;
    var SEP = "/";
    var POSIX_CHARS = {
      DOT_LITERAL,
      PLUS_LITERAL,
      QMARK_LITERAL,
      SLASH_LITERAL,
      ONE_CHAR,
      QMARK,
      END_ANCHOR,
      DOTS_SLASH,
      NO_DOT,
      NO_DOTS,
      NO_DOT_SLASH,
      NO_DOTS_SLASH,
      QMARK_NO_DOT,
      STAR,
      START_ANCHOR,
      SEP
    };
    var WINDOWS_CHARS = {
      ...POSIX_CHARS,
      SLASH_LITERAL: `[${WIN_SLASH}]`,
      QMARK: WIN_NO_SLASH,
      STAR: `${WIN_NO_SLASH}*?`,
      DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
      NO_DOT: `(?!${DOT_LITERAL})`,
      NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
      NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
      NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
      QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
      START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
      END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
      SEP: "\\"
    };
    var POSIX_REGEX_SOURCE = {
      __proto__: null,
      alnum: "a-zA-Z0-9",
      alpha: "a-zA-Z",
      ascii: "\\x00-\\x7F",
      blank: " \\t",
      cntrl: "\\x00-\\x1F\\x7F",
      digit: "0-9",
      graph: "\\x21-\\x7E",
      lower: "a-z",
      print: "\\x20-\\x7E ",
      punct: "\\-!\"#$%&'()\\*+,./:;<=>?@[\\]^_`{|}~",
      space: " \\t\\r\\n\\v\\f",
      upper: "A-Z",
      word: "A-Za-z0-9_",
      xdigit: "A-Fa-f0-9"
    };
    module.exports = {
      DEFAULT_MAX_EXTGLOB_RECURSION,
      MAX_LENGTH: 1024 * 64,
      POSIX_REGEX_SOURCE,
      // regular expressions
      REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
      REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
      REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
      REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
      REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
      REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,
      // Replace globs with equivalent patterns to reduce parsing time.
      REPLACEMENTS: {
        __proto__: null,
        "***": "*",
        "**/**": "**",
        "**/**/**": "**"
      },
      // Digits
      CHAR_0: 48,
      /* 0 */
      CHAR_9: 57,
      /* 9 */
      // Alphabet chars.
      CHAR_UPPERCASE_A: 65,
      /* A */
      CHAR_LOWERCASE_A: 97,
      /* a */
      CHAR_UPPERCASE_Z: 90,
      /* Z */
      CHAR_LOWERCASE_Z: 122,
      /* z */
      CHAR_LEFT_PARENTHESES: 40,
      /* ( */
      CHAR_RIGHT_PARENTHESES: 41,
      /* ) */
      CHAR_ASTERISK: 42,
      /* * */
      // Non-alphabetic chars.
      CHAR_AMPERSAND: 38,
      /* & */
      CHAR_AT: 64,
      /* @ */
      CHAR_BACKWARD_SLASH: 92,
      /* \ */
      CHAR_CARRIAGE_RETURN: 13,
      /* \r */
      CHAR_CIRCUMFLEX_ACCENT: 94,
      /* ^ */
      CHAR_COLON: 58,
      /* : */
      CHAR_COMMA: 44,
      /* , */
      CHAR_DOT: 46,
      /* . */
      CHAR_DOUBLE_QUOTE: 34,
      /* " */
      CHAR_EQUAL: 61,
      /* = */
      CHAR_EXCLAMATION_MARK: 33,
      /* ! */
      CHAR_FORM_FEED: 12,
      /* \f */
      CHAR_FORWARD_SLASH: 47,
      /* / */
      CHAR_GRAVE_ACCENT: 96,
      /* ` */
      CHAR_HASH: 35,
      /* # */
      CHAR_HYPHEN_MINUS: 45,
      /* - */
      CHAR_LEFT_ANGLE_BRACKET: 60,
      /* < */
      CHAR_LEFT_CURLY_BRACE: 123,
      /* { */
      CHAR_LEFT_SQUARE_BRACKET: 91,
      /* [ */
      CHAR_LINE_FEED: 10,
      /* \n */
      CHAR_NO_BREAK_SPACE: 160,
      /* \u00A0 */
      CHAR_PERCENT: 37,
      /* % */
      CHAR_PLUS: 43,
      /* + */
      CHAR_QUESTION_MARK: 63,
      /* ? */
      CHAR_RIGHT_ANGLE_BRACKET: 62,
      /* > */
      CHAR_RIGHT_CURLY_BRACE: 125,
      /* } */
      CHAR_RIGHT_SQUARE_BRACKET: 93,
      /* ] */
      CHAR_SEMICOLON: 59,
      /* ; */
      CHAR_SINGLE_QUOTE: 39,
      /* ' */
      CHAR_SPACE: 32,
      /*   */
      CHAR_TAB: 9,
      /* \t */
      CHAR_UNDERSCORE: 95,
      /* _ */
      CHAR_VERTICAL_LINE: 124,
      /* | */
      CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279,
      /* \uFEFF */
      /**
       * Create EXTGLOB_CHARS
       */
      extglobChars(chars) {
        return {
          "!": { type: "negate", open: "(?:(?!(?:", close: `))${chars.STAR})` },
          "?": { type: "qmark", open: "(?:", close: ")?" },
          "+": { type: "plus", open: "(?:", close: ")+" },
          "*": { type: "star", open: "(?:", close: ")*" },
          "@": { type: "at", open: "(?:", close: ")" }
        };
      },
      /**
       * Create GLOB_CHARS
       */
      globChars(win32) {
        return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
      }
    };
  }
});

// node_modules/picomatch/lib/utils.js
var require_utils = __commonJS({
  "node_modules/picomatch/lib/utils.js"(exports) {
    "use strict";
    var {
      REGEX_BACKSLASH,
      REGEX_REMOVE_BACKSLASH,
      REGEX_SPECIAL_CHARS,
      REGEX_SPECIAL_CHARS_GLOBAL
    } = require_constants();
    exports.isObject = (val) => val !== null && typeof val === "object" && !Array.isArray(val);
    exports.hasRegexChars = (str) => REGEX_SPECIAL_CHARS.test(str);
    exports.isRegexChar = (str) => str.length === 1 && exports.hasRegexChars(str);
    exports.escapeRegex = (str) => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, "\\$1");
    exports.toPosixSlashes = (str) => str.replace(REGEX_BACKSLASH, "/");
    exports.isWindows = () => {
      if (typeof navigator !== "undefined" && navigator.platform) {
        const platform = navigator.platform.toLowerCase();
        return platform === "win32" || platform === "windows";
      }
      if (typeof process !== "undefined" && process.platform) {
        return process.platform === "win32";
      }
      return false;
    };
    exports.removeBackslashes = (str) => {
      return str.replace(REGEX_REMOVE_BACKSLASH, (match) => {
        return match === "\\" ? "" : match;
      });
    };
    exports.escapeLast = (input, char, lastIdx) => {
      const idx = input.lastIndexOf(char, lastIdx);
      if (idx === -1) return input;
      if (input[idx - 1] === "\\") return exports.escapeLast(input, char, idx - 1);
      return `${input.slice(0, idx)}\\${input.slice(idx)}`;
    };
    exports.removePrefix = (input, state = {}) => {
      let output = input;
      if (output.startsWith("./")) {
        output = output.slice(2);
        state.prefix = "./";
      }
      return output;
    };
    exports.wrapOutput = (input, state = {}, options = {}) => {
      const prepend = options.contains ? "" : "^";
      const append = options.contains ? "" : "$";
      let output = `${prepend}(?:${input})${append}`;
      if (state.negated === true) {
        output = `(?:^(?!${output}).*$)`;
      }
      return output;
    };
    exports.basename = (path, { windows } = {}) => {
      const segs = path.split(windows ? /[\\/]/ : "/");
      const last = segs[segs.length - 1];
      if (last === "") {
        return segs[segs.length - 2];
      }
      return last;
    };
  }
});

// node_modules/picomatch/lib/scan.js
var require_scan = __commonJS({
  "node_modules/picomatch/lib/scan.js"(exports, module) {
    "use strict";
    var utils = require_utils();
    var {
      CHAR_ASTERISK,
      /* * */
      CHAR_AT,
      /* @ */
      CHAR_BACKWARD_SLASH,
      /* \ */
      CHAR_COMMA,
      /* , */
      CHAR_DOT,
      /* . */
      CHAR_EXCLAMATION_MARK,
      /* ! */
      CHAR_FORWARD_SLASH,
      /* / */
      CHAR_LEFT_CURLY_BRACE,
      /* { */
      CHAR_LEFT_PARENTHESES,
      /* ( */
      CHAR_LEFT_SQUARE_BRACKET,
      /* [ */
      CHAR_PLUS,
      /* + */
      CHAR_QUESTION_MARK,
      /* ? */
      CHAR_RIGHT_CURLY_BRACE,
      /* } */
      CHAR_RIGHT_PARENTHESES,
      /* ) */
      CHAR_RIGHT_SQUARE_BRACKET
      /* ] */
    } = require_constants();
    var isPathSeparator = (code) => {
      return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
    };
    var depth = (token) => {
      if (token.isPrefix !== true) {
        token.depth = token.isGlobstar ? Infinity : 1;
      }
    };
    var scan = (input, options) => {
      const opts = options || {};
      const length = input.length - 1;
      const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
      const slashes = [];
      const tokens = [];
      const parts = [];
      let str = input;
      let index = -1;
      let start = 0;
      let lastIndex = 0;
      let isBrace = false;
      let isBracket = false;
      let isGlob = false;
      let isExtglob = false;
      let isGlobstar = false;
      let braceEscaped = false;
      let backslashes = false;
      let negated = false;
      let negatedExtglob = false;
      let finished = false;
      let braces = 0;
      let prev;
      let code;
      let token = { value: "", depth: 0, isGlob: false };
      const eos = () => index >= length;
      const peek = () => str.charCodeAt(index + 1);
      const advance = () => {
        prev = code;
        return str.charCodeAt(++index);
      };
      while (index < length) {
        code = advance();
        let next;
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          code = advance();
          if (code === CHAR_LEFT_CURLY_BRACE) {
            braceEscaped = true;
          }
          continue;
        }
        if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }
            if (code === CHAR_LEFT_CURLY_BRACE) {
              braces++;
              continue;
            }
            if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
              isBrace = token.isBrace = true;
              isGlob = token.isGlob = true;
              finished = true;
              if (scanToEnd === true) {
                continue;
              }
              break;
            }
            if (braceEscaped !== true && code === CHAR_COMMA) {
              isBrace = token.isBrace = true;
              isGlob = token.isGlob = true;
              finished = true;
              if (scanToEnd === true) {
                continue;
              }
              break;
            }
            if (code === CHAR_RIGHT_CURLY_BRACE) {
              braces--;
              if (braces === 0) {
                braceEscaped = false;
                isBrace = token.isBrace = true;
                finished = true;
                break;
              }
            }
          }
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code === CHAR_FORWARD_SLASH) {
          slashes.push(index);
          tokens.push(token);
          token = { value: "", depth: 0, isGlob: false };
          if (finished === true) continue;
          if (prev === CHAR_DOT && index === start + 1) {
            start += 2;
            continue;
          }
          lastIndex = index + 1;
          continue;
        }
        if (opts.noext !== true) {
          const isExtglobChar = code === CHAR_PLUS || code === CHAR_AT || code === CHAR_ASTERISK || code === CHAR_QUESTION_MARK || code === CHAR_EXCLAMATION_MARK;
          if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
            isGlob = token.isGlob = true;
            isExtglob = token.isExtglob = true;
            finished = true;
            if (code === CHAR_EXCLAMATION_MARK && index === start) {
              negatedExtglob = true;
            }
            if (scanToEnd === true) {
              let parens = 0;
              while (eos() !== true && (code = advance())) {
                if (code === CHAR_BACKWARD_SLASH) {
                  backslashes = token.backslashes = true;
                  advance();
                  continue;
                }
                if (code === CHAR_LEFT_PARENTHESES) {
                  parens++;
                  continue;
                }
                if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
                  finished = true;
                  break;
                }
              }
              continue;
            }
            break;
          }
        }
        if (code === CHAR_ASTERISK) {
          if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
          isGlob = token.isGlob = true;
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code === CHAR_QUESTION_MARK) {
          isGlob = token.isGlob = true;
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code === CHAR_LEFT_SQUARE_BRACKET) {
          while (eos() !== true && (next = advance())) {
            if (next === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }
            if (next === CHAR_RIGHT_SQUARE_BRACKET) {
              isBracket = token.isBracket = true;
              isGlob = token.isGlob = true;
              finished = true;
              break;
            }
          }
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
          negated = token.negated = true;
          start++;
          continue;
        }
        if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
          isGlob = token.isGlob = true;
          if (scanToEnd === true) {
            let parens = 1;
            while (eos() !== true && (code = advance())) {
              if (code === CHAR_BACKWARD_SLASH) {
                backslashes = token.backslashes = true;
                advance();
                continue;
              }
              if (code === CHAR_LEFT_PARENTHESES) {
                parens++;
                continue;
              }
              if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
                finished = true;
                break;
              }
            }
            continue;
          }
          break;
        }
        if (isGlob === true) {
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
      }
      if (opts.noext === true) {
        isExtglob = false;
        isGlob = false;
      }
      let base = str;
      let prefix = "";
      let glob2 = "";
      if (start > 0) {
        prefix = str.slice(0, start);
        str = str.slice(start);
        lastIndex -= start;
      }
      if (base && isGlob === true && lastIndex > 0) {
        base = str.slice(0, lastIndex);
        glob2 = str.slice(lastIndex);
      } else if (isGlob === true) {
        base = "";
        glob2 = str;
      } else {
        base = str;
      }
      if (base && base !== "" && base !== "/" && base !== str) {
        if (isPathSeparator(base.charCodeAt(base.length - 1))) {
          base = base.slice(0, -1);
        }
      }
      if (opts.unescape === true) {
        if (glob2) glob2 = utils.removeBackslashes(glob2);
        if (base && backslashes === true) {
          base = utils.removeBackslashes(base);
        }
      }
      const state = {
        prefix,
        input,
        start,
        base,
        glob: glob2,
        isBrace,
        isBracket,
        isGlob,
        isExtglob,
        isGlobstar,
        negated,
        negatedExtglob
      };
      if (opts.tokens === true) {
        state.maxDepth = 0;
        if (!isPathSeparator(code)) {
          tokens.push(token);
        }
        state.tokens = tokens;
      }
      if (opts.parts === true || opts.tokens === true) {
        let prevIndex;
        for (let idx = 0; idx < slashes.length; idx++) {
          const n2 = prevIndex !== void 0 ? prevIndex + 1 : start;
          const i = slashes[idx];
          const value2 = input.slice(n2, i);
          if (opts.tokens) {
            if (idx === 0 && start !== 0) {
              tokens[idx].isPrefix = true;
              tokens[idx].value = prefix;
            } else {
              tokens[idx].value = value2;
            }
            depth(tokens[idx]);
            state.maxDepth += tokens[idx].depth;
          }
          if (i >= start) {
            parts.push(value2);
            prevIndex = i;
          }
        }
        const n = prevIndex !== void 0 ? prevIndex + 1 : start;
        const value = input.slice(n);
        parts.push(value);
        if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
          tokens[tokens.length - 1].value = value;
          depth(tokens[tokens.length - 1]);
          state.maxDepth += tokens[tokens.length - 1].depth;
        }
        state.slashes = slashes;
        state.parts = parts;
      }
      return state;
    };
    module.exports = scan;
  }
});

// node_modules/picomatch/lib/parse.js
var require_parse = __commonJS({
  "node_modules/picomatch/lib/parse.js"(exports, module) {
    "use strict";
    var constants2 = require_constants();
    var utils = require_utils();
    var {
      MAX_LENGTH,
      POSIX_REGEX_SOURCE,
      REGEX_NON_SPECIAL_CHARS,
      REGEX_SPECIAL_CHARS_BACKREF,
      REPLACEMENTS
    } = constants2;
    var expandRange = (args, options) => {
      if (typeof options.expandRange === "function") {
        return options.expandRange(...args, options);
      }
      args.sort();
      const value = `[${args.join("-")}]`;
      try {
        new RegExp(value);
      } catch (ex) {
        return args.map((v) => utils.escapeRegex(v)).join("..");
      }
      return value;
    };
    var syntaxError = (type, char) => {
      return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
    };
    var splitTopLevel = (input) => {
      const parts = [];
      let bracket = 0;
      let paren = 0;
      let quote = 0;
      let value = "";
      let escaped = false;
      for (const ch of input) {
        if (escaped === true) {
          value += ch;
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          value += ch;
          escaped = true;
          continue;
        }
        if (ch === '"') {
          quote = quote === 1 ? 0 : 1;
          value += ch;
          continue;
        }
        if (quote === 0) {
          if (ch === "[") {
            bracket++;
          } else if (ch === "]" && bracket > 0) {
            bracket--;
          } else if (bracket === 0) {
            if (ch === "(") {
              paren++;
            } else if (ch === ")" && paren > 0) {
              paren--;
            } else if (ch === "|" && paren === 0) {
              parts.push(value);
              value = "";
              continue;
            }
          }
        }
        value += ch;
      }
      parts.push(value);
      return parts;
    };
    var isPlainBranch = (branch) => {
      let escaped = false;
      for (const ch of branch) {
        if (escaped === true) {
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          escaped = true;
          continue;
        }
        if (/[?*+@!()[\]{}]/.test(ch)) {
          return false;
        }
      }
      return true;
    };
    var normalizeSimpleBranch = (branch) => {
      let value = branch.trim();
      let changed = true;
      while (changed === true) {
        changed = false;
        if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
          value = value.slice(2, -1);
          changed = true;
        }
      }
      if (!isPlainBranch(value)) {
        return;
      }
      return value.replace(/\\(.)/g, "$1");
    };
    var hasRepeatedCharPrefixOverlap = (branches) => {
      const values = branches.map(normalizeSimpleBranch).filter(Boolean);
      for (let i = 0; i < values.length; i++) {
        for (let j = i + 1; j < values.length; j++) {
          const a = values[i];
          const b = values[j];
          const char = a[0];
          if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
            continue;
          }
          if (a === b || a.startsWith(b) || b.startsWith(a)) {
            return true;
          }
        }
      }
      return false;
    };
    var parseRepeatedExtglob = (pattern, requireEnd = true) => {
      if (pattern[0] !== "+" && pattern[0] !== "*" || pattern[1] !== "(") {
        return;
      }
      let bracket = 0;
      let paren = 0;
      let quote = 0;
      let escaped = false;
      for (let i = 1; i < pattern.length; i++) {
        const ch = pattern[i];
        if (escaped === true) {
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          escaped = true;
          continue;
        }
        if (ch === '"') {
          quote = quote === 1 ? 0 : 1;
          continue;
        }
        if (quote === 1) {
          continue;
        }
        if (ch === "[") {
          bracket++;
          continue;
        }
        if (ch === "]" && bracket > 0) {
          bracket--;
          continue;
        }
        if (bracket > 0) {
          continue;
        }
        if (ch === "(") {
          paren++;
          continue;
        }
        if (ch === ")") {
          paren--;
          if (paren === 0) {
            if (requireEnd === true && i !== pattern.length - 1) {
              return;
            }
            return {
              type: pattern[0],
              body: pattern.slice(2, i),
              end: i
            };
          }
        }
      }
    };
    var buildCharClassStar = (chars) => {
      const source = chars.length === 1 ? utils.escapeRegex(chars[0]) : `[${chars.map((ch) => utils.escapeRegex(ch)).join("")}]`;
      return `${source}*`;
    };
    var getStarExtglobSequenceChars = (pattern) => {
      let index = 0;
      const chars = [];
      while (index < pattern.length) {
        const match = parseRepeatedExtglob(pattern.slice(index), false);
        if (!match || match.type !== "*") {
          return;
        }
        const branches = splitTopLevel(match.body).map((branch2) => branch2.trim());
        if (branches.length !== 1) {
          return;
        }
        const branch = normalizeSimpleBranch(branches[0]);
        if (!branch || branch.length !== 1) {
          return;
        }
        chars.push(branch);
        index += match.end + 1;
      }
      if (chars.length < 1) {
        return;
      }
      return chars;
    };
    var repeatedExtglobRecursion = (pattern) => {
      let depth = 0;
      let value = pattern.trim();
      let match = parseRepeatedExtglob(value);
      while (match) {
        depth++;
        value = match.body.trim();
        match = parseRepeatedExtglob(value);
      }
      return depth;
    };
    var analyzeRepeatedExtglob = (body, options) => {
      if (options.maxExtglobRecursion === false) {
        return { risky: false };
      }
      const max = typeof options.maxExtglobRecursion === "number" ? options.maxExtglobRecursion : constants2.DEFAULT_MAX_EXTGLOB_RECURSION;
      const branches = splitTopLevel(body).map((branch) => branch.trim());
      if (branches.length > 1) {
        if (branches.some((branch) => branch === "") || branches.some((branch) => /^[*?]+$/.test(branch)) || hasRepeatedCharPrefixOverlap(branches)) {
          return { risky: true };
        }
      }
      const safeChars = [];
      let sawStarSequence = false;
      let combinable = true;
      for (const branch of branches) {
        const chars = getStarExtglobSequenceChars(branch);
        if (chars) {
          sawStarSequence = true;
          safeChars.push(...chars);
          continue;
        }
        const literal = normalizeSimpleBranch(branch);
        if (literal && literal.length === 1) {
          safeChars.push(literal);
          continue;
        }
        combinable = false;
        if (repeatedExtglobRecursion(branch) > max) {
          return { risky: true };
        }
      }
      if (sawStarSequence) {
        return combinable ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) } : { risky: true };
      }
      return { risky: false };
    };
    var parse2 = (input, options) => {
      if (typeof input !== "string") {
        throw new TypeError("Expected a string");
      }
      input = REPLACEMENTS[input] || input;
      const opts = { ...options };
      const max = typeof opts.maxLength === "number" ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
      let len = input.length;
      if (len > max) {
        throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
      }
      const bos = { type: "bos", value: "", output: opts.prepend || "" };
      const tokens = [bos];
      const capture2 = opts.capture ? "" : "?:";
      const PLATFORM_CHARS = constants2.globChars(opts.windows);
      const EXTGLOB_CHARS = constants2.extglobChars(PLATFORM_CHARS);
      const {
        DOT_LITERAL,
        PLUS_LITERAL,
        SLASH_LITERAL,
        ONE_CHAR,
        DOTS_SLASH,
        NO_DOT,
        NO_DOT_SLASH,
        NO_DOTS_SLASH,
        QMARK,
        QMARK_NO_DOT,
        STAR,
        START_ANCHOR
      } = PLATFORM_CHARS;
      const globstar = (opts2) => {
        return `(${capture2}(?:(?!${START_ANCHOR}${opts2.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
      };
      const nodot = opts.dot ? "" : NO_DOT;
      const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
      let star = opts.bash === true ? globstar(opts) : STAR;
      if (opts.capture) {
        star = `(${star})`;
      }
      if (typeof opts.noext === "boolean") {
        opts.noextglob = opts.noext;
      }
      const state = {
        input,
        index: -1,
        start: 0,
        dot: opts.dot === true,
        consumed: "",
        output: "",
        prefix: "",
        backtrack: false,
        negated: false,
        brackets: 0,
        braces: 0,
        parens: 0,
        quotes: 0,
        globstar: false,
        tokens
      };
      input = utils.removePrefix(input, state);
      len = input.length;
      const extglobs = [];
      const braces = [];
      const stack = [];
      let prev = bos;
      let value;
      const eos = () => state.index === len - 1;
      const peek = state.peek = (n = 1) => input[state.index + n];
      const advance = state.advance = () => input[++state.index] || "";
      const remaining = () => input.slice(state.index + 1);
      const consume = (value2 = "", num = 0) => {
        state.consumed += value2;
        state.index += num;
      };
      const append = (token) => {
        state.output += token.output != null ? token.output : token.value;
        consume(token.value);
      };
      const negate = () => {
        let count = 1;
        while (peek() === "!" && (peek(2) !== "(" || peek(3) === "?")) {
          advance();
          state.start++;
          count++;
        }
        if (count % 2 === 0) {
          return false;
        }
        state.negated = true;
        state.start++;
        return true;
      };
      const increment = (type) => {
        state[type]++;
        stack.push(type);
      };
      const decrement = (type) => {
        state[type]--;
        stack.pop();
      };
      const push = (tok) => {
        if (prev.type === "globstar") {
          const isBrace = state.braces > 0 && (tok.type === "comma" || tok.type === "brace");
          const isExtglob = tok.extglob === true || extglobs.length && (tok.type === "pipe" || tok.type === "paren");
          if (tok.type !== "slash" && tok.type !== "paren" && !isBrace && !isExtglob) {
            state.output = state.output.slice(0, -prev.output.length);
            prev.type = "star";
            prev.value = "*";
            prev.output = star;
            state.output += prev.output;
          }
        }
        if (extglobs.length && tok.type !== "paren") {
          extglobs[extglobs.length - 1].inner += tok.value;
        }
        if (tok.value || tok.output) append(tok);
        if (prev && prev.type === "text" && tok.type === "text") {
          prev.output = (prev.output || prev.value) + tok.value;
          prev.value += tok.value;
          return;
        }
        tok.prev = prev;
        tokens.push(tok);
        prev = tok;
      };
      const extglobOpen = (type, value2) => {
        const token = { ...EXTGLOB_CHARS[value2], conditions: 1, inner: "" };
        token.prev = prev;
        token.parens = state.parens;
        token.output = state.output;
        token.startIndex = state.index;
        token.tokensIndex = tokens.length;
        const output = (opts.capture ? "(" : "") + token.open;
        increment("parens");
        push({ type, value: value2, output: state.output ? "" : ONE_CHAR });
        push({ type: "paren", extglob: true, value: advance(), output });
        extglobs.push(token);
      };
      const extglobClose = (token) => {
        const literal = input.slice(token.startIndex, state.index + 1);
        const body = input.slice(token.startIndex + 2, state.index);
        const analysis = analyzeRepeatedExtglob(body, opts);
        if ((token.type === "plus" || token.type === "star") && analysis.risky) {
          const safeOutput = analysis.safeOutput ? (token.output ? "" : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput) : void 0;
          const open2 = tokens[token.tokensIndex];
          open2.type = "text";
          open2.value = literal;
          open2.output = safeOutput || utils.escapeRegex(literal);
          for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
            tokens[i].value = "";
            tokens[i].output = "";
            delete tokens[i].suffix;
          }
          state.output = token.output + open2.output;
          state.backtrack = true;
          push({ type: "paren", extglob: true, value, output: "" });
          decrement("parens");
          return;
        }
        let output = token.close + (opts.capture ? ")" : "");
        let rest;
        if (token.type === "negate") {
          let extglobStar = star;
          if (token.inner && token.inner.length > 1 && token.inner.includes("/")) {
            extglobStar = globstar(opts);
          }
          if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
            output = token.close = `)$))${extglobStar}`;
          }
          if (token.inner.includes("*") && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
            const expression = parse2(rest, { ...options, fastpaths: false }).output;
            output = token.close = `)${expression})${extglobStar})`;
          }
          if (token.prev.type === "bos") {
            state.negatedExtglob = true;
          }
        }
        push({ type: "paren", extglob: true, value, output });
        decrement("parens");
      };
      if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
        let backslashes = false;
        let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
          if (first === "\\") {
            backslashes = true;
            return m;
          }
          if (first === "?") {
            if (esc) {
              return esc + first + (rest ? QMARK.repeat(rest.length) : "");
            }
            if (index === 0) {
              return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : "");
            }
            return QMARK.repeat(chars.length);
          }
          if (first === ".") {
            return DOT_LITERAL.repeat(chars.length);
          }
          if (first === "*") {
            if (esc) {
              return esc + first + (rest ? star : "");
            }
            return star;
          }
          return esc ? m : `\\${m}`;
        });
        if (backslashes === true) {
          if (opts.unescape === true) {
            output = output.replace(/\\/g, "");
          } else {
            output = output.replace(/\\+/g, (m) => {
              return m.length % 2 === 0 ? "\\\\" : m ? "\\" : "";
            });
          }
        }
        if (output === input && opts.contains === true) {
          state.output = input;
          return state;
        }
        state.output = utils.wrapOutput(output, state, options);
        return state;
      }
      while (!eos()) {
        value = advance();
        if (value === "\0") {
          continue;
        }
        if (value === "\\") {
          const next = peek();
          if (next === "/" && opts.bash !== true) {
            continue;
          }
          if (next === "." || next === ";") {
            continue;
          }
          if (!next) {
            value += "\\";
            push({ type: "text", value });
            continue;
          }
          const match = /^\\+/.exec(remaining());
          let slashes = 0;
          if (match && match[0].length > 2) {
            slashes = match[0].length;
            state.index += slashes;
            if (slashes % 2 !== 0) {
              value += "\\";
            }
          }
          if (opts.unescape === true) {
            value = advance();
          } else {
            value += advance();
          }
          if (state.brackets === 0) {
            push({ type: "text", value });
            continue;
          }
        }
        if (state.brackets > 0 && (value !== "]" || prev.value === "[" || prev.value === "[^")) {
          if (opts.posix !== false && value === ":") {
            const inner = prev.value.slice(1);
            if (inner.includes("[")) {
              prev.posix = true;
              if (inner.includes(":")) {
                const idx = prev.value.lastIndexOf("[");
                const pre = prev.value.slice(0, idx);
                const rest2 = prev.value.slice(idx + 2);
                const posix3 = POSIX_REGEX_SOURCE[rest2];
                if (posix3) {
                  prev.value = pre + posix3;
                  state.backtrack = true;
                  advance();
                  if (!bos.output && tokens.indexOf(prev) === 1) {
                    bos.output = ONE_CHAR;
                  }
                  continue;
                }
              }
            }
          }
          if (value === "[" && peek() !== ":" || value === "-" && peek() === "]") {
            value = `\\${value}`;
          }
          if (value === "]" && (prev.value === "[" || prev.value === "[^")) {
            value = `\\${value}`;
          }
          if (opts.posix === true && value === "!" && prev.value === "[") {
            value = "^";
          }
          prev.value += value;
          append({ value });
          continue;
        }
        if (state.quotes === 1 && value !== '"') {
          value = utils.escapeRegex(value);
          prev.value += value;
          append({ value });
          continue;
        }
        if (value === '"') {
          state.quotes = state.quotes === 1 ? 0 : 1;
          if (opts.keepQuotes === true) {
            push({ type: "text", value });
          }
          continue;
        }
        if (value === "(") {
          increment("parens");
          push({ type: "paren", value });
          continue;
        }
        if (value === ")") {
          if (state.parens === 0 && opts.strictBrackets === true) {
            throw new SyntaxError(syntaxError("opening", "("));
          }
          const extglob = extglobs[extglobs.length - 1];
          if (extglob && state.parens === extglob.parens + 1) {
            extglobClose(extglobs.pop());
            continue;
          }
          push({ type: "paren", value, output: state.parens ? ")" : "\\)" });
          decrement("parens");
          continue;
        }
        if (value === "[") {
          if (opts.nobracket === true || !remaining().includes("]")) {
            if (opts.nobracket !== true && opts.strictBrackets === true) {
              throw new SyntaxError(syntaxError("closing", "]"));
            }
            value = `\\${value}`;
          } else {
            increment("brackets");
          }
          push({ type: "bracket", value });
          continue;
        }
        if (value === "]") {
          if (opts.nobracket === true || prev && prev.type === "bracket" && prev.value.length === 1) {
            push({ type: "text", value, output: `\\${value}` });
            continue;
          }
          if (state.brackets === 0) {
            if (opts.strictBrackets === true) {
              throw new SyntaxError(syntaxError("opening", "["));
            }
            push({ type: "text", value, output: `\\${value}` });
            continue;
          }
          decrement("brackets");
          const prevValue = prev.value.slice(1);
          if (prev.posix !== true && prevValue[0] === "^" && !prevValue.includes("/")) {
            value = `/${value}`;
          }
          prev.value += value;
          append({ value });
          if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
            continue;
          }
          const escaped = utils.escapeRegex(prev.value);
          state.output = state.output.slice(0, -prev.value.length);
          if (opts.literalBrackets === true) {
            state.output += escaped;
            prev.value = escaped;
            continue;
          }
          prev.value = `(${capture2}${escaped}|${prev.value})`;
          state.output += prev.value;
          continue;
        }
        if (value === "{" && opts.nobrace !== true) {
          increment("braces");
          const open2 = {
            type: "brace",
            value,
            output: "(",
            outputIndex: state.output.length,
            tokensIndex: state.tokens.length
          };
          braces.push(open2);
          push(open2);
          continue;
        }
        if (value === "}") {
          const brace = braces[braces.length - 1];
          if (opts.nobrace === true || !brace) {
            push({ type: "text", value, output: value });
            continue;
          }
          let output = ")";
          if (brace.dots === true) {
            const arr = tokens.slice();
            const range = [];
            for (let i = arr.length - 1; i >= 0; i--) {
              tokens.pop();
              if (arr[i].type === "brace") {
                break;
              }
              if (arr[i].type !== "dots") {
                range.unshift(arr[i].value);
              }
            }
            output = expandRange(range, opts);
            state.backtrack = true;
          }
          if (brace.comma !== true && brace.dots !== true) {
            const out = state.output.slice(0, brace.outputIndex);
            const toks = state.tokens.slice(brace.tokensIndex);
            brace.value = brace.output = "\\{";
            value = output = "\\}";
            state.output = out;
            for (const t of toks) {
              state.output += t.output || t.value;
            }
          }
          push({ type: "brace", value, output });
          decrement("braces");
          braces.pop();
          continue;
        }
        if (value === "|") {
          if (extglobs.length > 0) {
            extglobs[extglobs.length - 1].conditions++;
          }
          push({ type: "text", value });
          continue;
        }
        if (value === ",") {
          let output = value;
          const brace = braces[braces.length - 1];
          if (brace && stack[stack.length - 1] === "braces") {
            brace.comma = true;
            output = "|";
          }
          push({ type: "comma", value, output });
          continue;
        }
        if (value === "/") {
          if (prev.type === "dot" && state.index === state.start + 1) {
            state.start = state.index + 1;
            state.consumed = "";
            state.output = "";
            tokens.pop();
            prev = bos;
            continue;
          }
          push({ type: "slash", value, output: SLASH_LITERAL });
          continue;
        }
        if (value === ".") {
          if (state.braces > 0 && prev.type === "dot") {
            if (prev.value === ".") prev.output = DOT_LITERAL;
            const brace = braces[braces.length - 1];
            prev.type = "dots";
            prev.output += value;
            prev.value += value;
            brace.dots = true;
            continue;
          }
          if (state.braces + state.parens === 0 && prev.type !== "bos" && prev.type !== "slash") {
            push({ type: "text", value, output: DOT_LITERAL });
            continue;
          }
          push({ type: "dot", value, output: DOT_LITERAL });
          continue;
        }
        if (value === "?") {
          const isGroup = prev && prev.value === "(";
          if (!isGroup && opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            extglobOpen("qmark", value);
            continue;
          }
          if (prev && prev.type === "paren") {
            const next = peek();
            let output = value;
            if (prev.value === "(" && !/[!=<:]/.test(next) || next === "<" && !/<([!=]|\w+>)/.test(remaining())) {
              output = `\\${value}`;
            }
            push({ type: "text", value, output });
            continue;
          }
          if (opts.dot !== true && (prev.type === "slash" || prev.type === "bos")) {
            push({ type: "qmark", value, output: QMARK_NO_DOT });
            continue;
          }
          push({ type: "qmark", value, output: QMARK });
          continue;
        }
        if (value === "!") {
          if (opts.noextglob !== true && peek() === "(") {
            if (peek(2) !== "?" || !/[!=<:]/.test(peek(3))) {
              extglobOpen("negate", value);
              continue;
            }
          }
          if (opts.nonegate !== true && state.index === 0) {
            negate();
            continue;
          }
        }
        if (value === "+") {
          if (opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            extglobOpen("plus", value);
            continue;
          }
          if (prev && prev.value === "(" || opts.regex === false) {
            push({ type: "plus", value, output: PLUS_LITERAL });
            continue;
          }
          if (prev && (prev.type === "bracket" || prev.type === "paren" || prev.type === "brace") || state.parens > 0) {
            push({ type: "plus", value });
            continue;
          }
          push({ type: "plus", value: PLUS_LITERAL });
          continue;
        }
        if (value === "@") {
          if (opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            push({ type: "at", extglob: true, value, output: "" });
            continue;
          }
          push({ type: "text", value });
          continue;
        }
        if (value !== "*") {
          if (value === "$" || value === "^") {
            value = `\\${value}`;
          }
          const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
          if (match) {
            value += match[0];
            state.index += match[0].length;
          }
          push({ type: "text", value });
          continue;
        }
        if (prev && (prev.type === "globstar" || prev.star === true)) {
          prev.type = "star";
          prev.star = true;
          prev.value += value;
          prev.output = star;
          state.backtrack = true;
          state.globstar = true;
          consume(value);
          continue;
        }
        let rest = remaining();
        if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
          extglobOpen("star", value);
          continue;
        }
        if (prev.type === "star") {
          if (opts.noglobstar === true) {
            consume(value);
            continue;
          }
          const prior = prev.prev;
          const before = prior.prev;
          const isStart = prior.type === "slash" || prior.type === "bos";
          const afterStar = before && (before.type === "star" || before.type === "globstar");
          if (opts.bash === true && (!isStart || rest[0] && rest[0] !== "/")) {
            push({ type: "star", value, output: "" });
            continue;
          }
          const isBrace = state.braces > 0 && (prior.type === "comma" || prior.type === "brace");
          const isExtglob = extglobs.length && (prior.type === "pipe" || prior.type === "paren");
          if (!isStart && prior.type !== "paren" && !isBrace && !isExtglob) {
            push({ type: "star", value, output: "" });
            continue;
          }
          while (rest.slice(0, 3) === "/**") {
            const after = input[state.index + 4];
            if (after && after !== "/") {
              break;
            }
            rest = rest.slice(3);
            consume("/**", 3);
          }
          const isEnd = eos() || state.parens > 0 && rest === ")".repeat(state.parens) && !extglobs.some((extglob) => extglob.type === "negate");
          if (prior.type === "bos" && eos()) {
            prev.type = "globstar";
            prev.value += value;
            prev.output = globstar(opts);
            state.output = prev.output;
            state.globstar = true;
            consume(value);
            continue;
          }
          if (prior.type === "slash" && prior.prev.type !== "bos" && !afterStar && isEnd) {
            state.output = state.output.slice(0, -(prior.output + prev.output).length);
            prior.output = `(?:${prior.output}`;
            prev.type = "globstar";
            prev.output = globstar(opts) + (opts.strictSlashes ? ")" : "|$)");
            prev.value += value;
            state.globstar = true;
            state.output += prior.output + prev.output;
            consume(value);
            continue;
          }
          if (prior.type === "slash" && prior.prev.type !== "bos" && rest[0] === "/") {
            const end = rest[1] !== void 0 ? "|$" : "";
            state.output = state.output.slice(0, -(prior.output + prev.output).length);
            prior.output = `(?:${prior.output}`;
            prev.type = "globstar";
            prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
            prev.value += value;
            state.output += prior.output + prev.output;
            state.globstar = true;
            consume(value + advance());
            push({ type: "slash", value: "/", output: "" });
            continue;
          }
          if (prior.type === "bos" && rest[0] === "/") {
            prev.type = "globstar";
            prev.value += value;
            prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
            state.output = prev.output;
            state.globstar = true;
            consume(value + advance());
            push({ type: "slash", value: "/", output: "" });
            continue;
          }
          state.output = state.output.slice(0, -prev.output.length);
          prev.type = "globstar";
          prev.output = globstar(opts);
          prev.value += value;
          state.output += prev.output;
          state.globstar = true;
          consume(value);
          continue;
        }
        const token = { type: "star", value, output: star };
        if (opts.bash === true) {
          token.output = ".*?";
          if (prev.type === "bos" || prev.type === "slash") {
            token.output = nodot + token.output;
          }
          push(token);
          continue;
        }
        if (prev && (prev.type === "bracket" || prev.type === "paren") && opts.regex === true) {
          token.output = value;
          push(token);
          continue;
        }
        if (state.index === state.start || prev.type === "slash" || prev.type === "dot") {
          if (prev.type === "dot") {
            state.output += NO_DOT_SLASH;
            prev.output += NO_DOT_SLASH;
          } else if (opts.dot === true) {
            state.output += NO_DOTS_SLASH;
            prev.output += NO_DOTS_SLASH;
          } else {
            state.output += nodot;
            prev.output += nodot;
          }
          if (peek() !== "*") {
            state.output += ONE_CHAR;
            prev.output += ONE_CHAR;
          }
        }
        push(token);
      }
      while (state.brackets > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", "]"));
        state.output = utils.escapeLast(state.output, "[");
        decrement("brackets");
      }
      while (state.parens > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", ")"));
        state.output = utils.escapeLast(state.output, "(");
        decrement("parens");
      }
      while (state.braces > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", "}"));
        state.output = utils.escapeLast(state.output, "{");
        decrement("braces");
      }
      if (opts.strictSlashes !== true && (prev.type === "star" || prev.type === "bracket")) {
        push({ type: "maybe_slash", value: "", output: `${SLASH_LITERAL}?` });
      }
      if (state.backtrack === true) {
        state.output = "";
        for (const token of state.tokens) {
          state.output += token.output != null ? token.output : token.value;
          if (token.suffix) {
            state.output += token.suffix;
          }
        }
      }
      return state;
    };
    parse2.fastpaths = (input, options) => {
      const opts = { ...options };
      const max = typeof opts.maxLength === "number" ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
      const len = input.length;
      if (len > max) {
        throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
      }
      input = REPLACEMENTS[input] || input;
      const {
        DOT_LITERAL,
        SLASH_LITERAL,
        ONE_CHAR,
        DOTS_SLASH,
        NO_DOT,
        NO_DOTS,
        NO_DOTS_SLASH,
        STAR,
        START_ANCHOR
      } = constants2.globChars(opts.windows);
      const nodot = opts.dot ? NO_DOTS : NO_DOT;
      const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
      const capture2 = opts.capture ? "" : "?:";
      const state = { negated: false, prefix: "" };
      let star = opts.bash === true ? ".*?" : STAR;
      if (opts.capture) {
        star = `(${star})`;
      }
      const globstar = (opts2) => {
        if (opts2.noglobstar === true) return star;
        return `(${capture2}(?:(?!${START_ANCHOR}${opts2.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
      };
      const create = (str) => {
        switch (str) {
          case "*":
            return `${nodot}${ONE_CHAR}${star}`;
          case ".*":
            return `${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "*.*":
            return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "*/*":
            return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;
          case "**":
            return nodot + globstar(opts);
          case "**/*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;
          case "**/*.*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "**/.*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;
          default: {
            const match = /^(.*?)\.(\w+)$/.exec(str);
            if (!match) return;
            const source2 = create(match[1]);
            if (!source2) return;
            return source2 + DOT_LITERAL + match[2];
          }
        }
      };
      const output = utils.removePrefix(input, state);
      let source = create(output);
      if (source && opts.strictSlashes !== true) {
        source += `${SLASH_LITERAL}?`;
      }
      return source;
    };
    module.exports = parse2;
  }
});

// node_modules/picomatch/lib/picomatch.js
var require_picomatch = __commonJS({
  "node_modules/picomatch/lib/picomatch.js"(exports, module) {
    "use strict";
    var scan = require_scan();
    var parse2 = require_parse();
    var utils = require_utils();
    var constants2 = require_constants();
    var isObject = (val) => val && typeof val === "object" && !Array.isArray(val);
    var picomatch2 = (glob2, options, returnState = false) => {
      if (Array.isArray(glob2)) {
        const fns = glob2.map((input) => picomatch2(input, options, returnState));
        const arrayMatcher = (str) => {
          for (const isMatch of fns) {
            const state2 = isMatch(str);
            if (state2) return state2;
          }
          return false;
        };
        return arrayMatcher;
      }
      const isState = isObject(glob2) && glob2.tokens && glob2.input;
      if (glob2 === "" || typeof glob2 !== "string" && !isState) {
        throw new TypeError("Expected pattern to be a non-empty string");
      }
      const opts = options || {};
      const posix3 = opts.windows;
      const regex = isState ? picomatch2.compileRe(glob2, options) : picomatch2.makeRe(glob2, options, false, true);
      const state = regex.state;
      delete regex.state;
      let isIgnored = () => false;
      if (opts.ignore) {
        const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
        isIgnored = picomatch2(opts.ignore, ignoreOpts, returnState);
      }
      const matcher = (input, returnObject = false) => {
        const { isMatch, match, output } = picomatch2.test(input, regex, options, { glob: glob2, posix: posix3 });
        const result2 = { glob: glob2, state, regex, posix: posix3, input, output, match, isMatch };
        if (typeof opts.onResult === "function") {
          opts.onResult(result2);
        }
        if (isMatch === false) {
          result2.isMatch = false;
          return returnObject ? result2 : false;
        }
        if (isIgnored(input)) {
          if (typeof opts.onIgnore === "function") {
            opts.onIgnore(result2);
          }
          result2.isMatch = false;
          return returnObject ? result2 : false;
        }
        if (typeof opts.onMatch === "function") {
          opts.onMatch(result2);
        }
        return returnObject ? result2 : true;
      };
      if (returnState) {
        matcher.state = state;
      }
      return matcher;
    };
    picomatch2.test = (input, regex, options, { glob: glob2, posix: posix3 } = {}) => {
      if (typeof input !== "string") {
        throw new TypeError("Expected input to be a string");
      }
      if (input === "") {
        return { isMatch: false, output: "" };
      }
      const opts = options || {};
      const format = opts.format || (posix3 ? utils.toPosixSlashes : null);
      let match = input === glob2;
      let output = match && format ? format(input) : input;
      if (match === false) {
        output = format ? format(input) : input;
        match = output === glob2;
      }
      if (match === false || opts.capture === true) {
        if (opts.matchBase === true || opts.basename === true) {
          match = picomatch2.matchBase(input, regex, options, posix3);
        } else {
          match = regex.exec(output);
        }
      }
      return { isMatch: Boolean(match), match, output };
    };
    picomatch2.matchBase = (input, glob2, options, posix3 = options && options.windows) => {
      const regex = glob2 instanceof RegExp ? glob2 : picomatch2.makeRe(glob2, options);
      return regex.test(utils.basename(input, { windows: posix3 }));
    };
    picomatch2.isMatch = (str, patterns, options) => picomatch2(patterns, options)(str);
    picomatch2.parse = (pattern, options) => {
      if (Array.isArray(pattern)) return pattern.map((p) => picomatch2.parse(p, options));
      return parse2(pattern, { ...options, fastpaths: false });
    };
    picomatch2.scan = (input, options) => scan(input, options);
    picomatch2.compileRe = (state, options, returnOutput = false, returnState = false) => {
      if (returnOutput === true) {
        return state.output;
      }
      const opts = options || {};
      const prepend = opts.contains ? "" : "^";
      const append = opts.contains ? "" : "$";
      let source = `${prepend}(?:${state.output})${append}`;
      if (state && state.negated === true) {
        source = `^(?!${source}).*$`;
      }
      const regex = picomatch2.toRegex(source, options);
      if (returnState === true) {
        regex.state = state;
      }
      return regex;
    };
    picomatch2.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
      if (!input || typeof input !== "string") {
        throw new TypeError("Expected a non-empty string");
      }
      let parsed = { negated: false, fastpaths: true };
      if (options.fastpaths !== false && (input[0] === "." || input[0] === "*")) {
        parsed.output = parse2.fastpaths(input, options);
      }
      if (!parsed.output) {
        parsed = parse2(input, options);
      }
      return picomatch2.compileRe(parsed, options, returnOutput, returnState);
    };
    picomatch2.toRegex = (source, options) => {
      try {
        const opts = options || {};
        return new RegExp(source, opts.flags || (opts.nocase ? "i" : ""));
      } catch (err) {
        if (options && options.debug === true) throw err;
        return /$^/;
      }
    };
    picomatch2.constants = constants2;
    module.exports = picomatch2;
  }
});

// node_modules/picomatch/index.js
var require_picomatch2 = __commonJS({
  "node_modules/picomatch/index.js"(exports, module) {
    "use strict";
    var pico = require_picomatch();
    var utils = require_utils();
    function picomatch2(glob2, options, returnState = false) {
      if (options && (options.windows === null || options.windows === void 0)) {
        options = { ...options, windows: utils.isWindows() };
      }
      return pico(glob2, options, returnState);
    }
    Object.assign(picomatch2, pico);
    module.exports = picomatch2;
  }
});

// src/core/interrupts.ts
function processInterrupts(onInterrupt) {
  const signals = ["SIGINT", "SIGTERM"];
  for (const signal of signals) process.once(signal, onInterrupt);
  return () => {
    for (const signal of signals) process.off(signal, onInterrupt);
  };
}

// src/core/report/build.ts
var applyStrict = (results, strict) => strict ? results.map((r) => r.status === "warn" ? { ...r, status: "fail" } : r) : results;
function stageReport(stage, results, strict = false) {
  const final = applyStrict(results, strict);
  return { stage, ok: final.every((r) => r.status !== "fail"), results: final };
}
function report(stages, context = {}) {
  return {
    version: 1,
    ...context.environment === void 0 ? {} : { environment: context.environment },
    ...context.commit === void 0 ? {} : { commit: context.commit },
    ok: stages.every((s) => s.ok),
    stages
  };
}
var exitCodeOf = (r) => r.ok ? 0 : 1;
function countByStatus(results) {
  const counts = { pass: 0, warn: 0, fail: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

// src/core/report/markdown.ts
var ICON = { pass: "\u2705", warn: "\u26A0\uFE0F", fail: "\u274C" };
var tableCell = (text) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
var where = (r) => r.file ? `\`${r.file}${r.line ? `:${r.line}` : ""}\`` : "";
function stageTitle(stage, environment) {
  return `deploy-gate/${stage.stage}${environment && stage.stage !== "checklist" ? ` (${environment})` : ""}`;
}
function stageSummaryLine(stage) {
  const c = countByStatus(stage.results);
  const parts = [`${c.fail} failed`, `${c.warn} warned`, `${c.pass} passed`];
  return `${stage.ok ? "passed" : "failed"}: ${parts.join(", ")}`;
}
function renderStageMarkdown(stage, environment) {
  const lines = [
    `### ${stage.ok ? ICON.pass : ICON.fail} ${stageTitle(stage, environment)}: ${stageSummaryLine(stage)}`,
    ""
  ];
  if (stage.results.length === 0) {
    lines.push("Nothing to check for this stage.");
    return lines.join("\n");
  }
  const anyPlace = stage.results.some((r) => r.file);
  lines.push(`| | id | verdict | message |${anyPlace ? " where |" : ""}`);
  lines.push(`|---|---|---|---|${anyPlace ? "---|" : ""}`);
  for (const r of stage.results) {
    lines.push(
      `| ${ICON[r.status]} | \`${tableCell(r.id)}\` | \`${r.verdict}\` | ${tableCell(r.message)} |${anyPlace ? ` ${where(r)} |` : ""}`
    );
  }
  return lines.join("\n");
}
function renderMarkdown(report3) {
  const head = `## deploy-gate ${report3.ok ? "passed" : "failed"}${report3.environment ? ` for \`${report3.environment}\`` : ""}${report3.commit ? ` at \`${report3.commit.slice(0, 7)}\`` : ""}`;
  return `${[head, ...report3.stages.map((s) => renderStageMarkdown(s, report3.environment))].join("\n\n")}
`;
}

// src/core/report/mask.ts
var MASK = "***";
var MIN_MASKED = 3;
function unmaskable(value) {
  const length = value.trim().length;
  return length > 0 && length < MIN_MASKED ? `is ${length} character${length === 1 ? "" : "s"} long, too short to mask (at least ${MIN_MASKED})` : void 0;
}
var jsonEscaped = (text) => JSON.stringify(text).slice(1, -1);
function urlForms(value) {
  const forms = [encodeURIComponent(value), encodeURI(value), new URLSearchParams({ v: value }).toString().slice(2)];
  const parts = [
    ["pathname", "/"],
    ["search", "?"],
    ["hash", "#"],
    ["username", ""],
    ["password", ""]
  ];
  for (const [part, lead] of parts) {
    try {
      const url = new URL("http://h.invalid/");
      url[part] = `${lead}${value}`;
      forms.push(url[part].slice(lead.length));
    } catch {
    }
  }
  return forms;
}
function base64Forms(value) {
  const bytes = Buffer.from(value, "utf8");
  const forms = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const start = Math.ceil(offset * 8 / 6);
    const end = Math.floor((offset + bytes.length) * 8 / 6);
    for (const form of [encoded.slice(start, end), encoded.slice(start)]) {
      forms.push(form, form.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
    }
  }
  return forms;
}
function formsOf(value) {
  const bases = /* @__PURE__ */ new Set([value, value.trim(), oneLine(value), oneLine(value).trim()]);
  const forms = [...bases].flatMap((b) => [
    b,
    jsonEscaped(b),
    jsonEscaped(jsonEscaped(b)),
    tableCell(b),
    tableCell(jsonEscaped(b))
  ]);
  return [...forms, ...urlForms(value), ...base64Forms(value)];
}
var escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function pieceIndex(forms) {
  const starts = /* @__PURE__ */ new Map();
  const ends = /* @__PURE__ */ new Map();
  const add = (map, key, piece) => {
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(piece);
  };
  for (const form of forms) {
    for (let n = MIN_MASKED; n <= form.length; n++) {
      add(starts, form[n - 1], form.slice(0, n));
      add(ends, form[form.length - n], form.slice(-n));
    }
  }
  for (const map of [starts, ends]) for (const list of map.values()) list.sort((x, y) => y.length - x.length);
  return { starts, ends };
}
var pieceAtEnd = (text, index) => (index.starts.get(text.at(-1) ?? "") ?? []).find((piece) => text.endsWith(piece))?.length ?? 0;
var pieceAtStart = (text, index) => (index.ends.get(text[0] ?? "") ?? []).find((piece) => text.startsWith(piece))?.length ?? 0;
function createMasker(secrets) {
  const values = [
    ...new Set([...secrets].filter((s) => typeof s === "string" && s.trim().length >= MIN_MASKED))
  ];
  const forms = [...new Set(values.flatMap(formsOf))].filter((f) => f.length >= MIN_MASKED).sort((a, b) => b.length - a.length);
  if (forms.length === 0) return Object.assign((text) => text, { values });
  const whole = new RegExp(forms.map(escapeRegExp).join("|"), "g");
  const pieces = pieceIndex(forms);
  const mask = (text) => {
    const parts = text.replace(whole, MASK).split(CUT);
    for (let i = 0; i < parts.length; i++) {
      if (i < parts.length - 1) {
        const n = pieceAtEnd(parts[i], pieces);
        const rest = parts[i].slice(0, parts[i].length - n);
        if (n) parts[i] = rest.endsWith(MASK) ? rest : `${rest}${MASK}`;
      }
      if (i > 0) {
        const n = pieceAtStart(parts[i], pieces);
        const rest = parts[i].slice(n);
        if (n) parts[i] = rest.startsWith(MASK) ? rest : `${MASK}${rest}`;
      }
    }
    return parts.join(CUT);
  };
  return Object.assign(mask, { values });
}
function outputMask() {
  let current = createMasker([]);
  const use = (masker) => {
    const known = new Set(current.values);
    if (masker.values.every((v) => known.has(v))) return;
    const covers = new Set(masker.values);
    current = [...known].every((v) => covers.has(v)) ? masker : createMasker([...current.values, ...masker.values]);
  };
  return Object.assign((text) => current(text), { use });
}

// src/core/nothing-to-check.ts
var NothingToCheck = class extends UserError {
  stages;
  environment;
  constructor(stages, environment, what2, file) {
    super(
      `nothing to check for "${environment}": ${what2} applies to it; add some to ${file}, or do not run this stage for "${environment}"`,
      { file }
    );
    this.stages = stages;
    this.environment = environment;
  }
  /** The commit status description: GitHub shows it next to the check. */
  get summary() {
    return `nothing to check for ${this.environment}`;
  }
};

// src/core/artifacts/tree-listing.ts
import { isAscii, isUtf8 as isUtf82 } from "node:buffer";

// src/core/path-bytes.ts
import { isUtf8 } from "node:buffer";
import { join, sep } from "node:path";
function decodeNames(bytes) {
  if (isUtf8(bytes)) return bytes.toString("utf8");
  let out = "";
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] < 128) i++;
    else {
      const length = sequenceLength(bytes, i);
      if (length) i += length;
      else {
        out += bytes.toString("utf8", start, i) + String.fromCharCode(56320 + bytes[i]);
        start = ++i;
      }
    }
  }
  return out + bytes.toString("utf8", start);
}
var continuation = (b) => b !== void 0 && b >= 128 && b <= 191;
function sequenceLength(bytes, i) {
  const lead = bytes[i];
  const next = bytes[i + 1] ?? -1;
  if (lead >= 194 && lead <= 223) return continuation(next) ? 2 : 0;
  if (lead >= 224 && lead <= 239) {
    const low = lead === 224 ? 160 : 128;
    const high = lead === 237 ? 159 : 191;
    return next >= low && next <= high && continuation(bytes[i + 2]) ? 3 : 0;
  }
  if (lead >= 240 && lead <= 244) {
    const low = lead === 240 ? 144 : 128;
    const high = lead === 244 ? 143 : 191;
    return next >= low && next <= high && continuation(bytes[i + 2]) && continuation(bytes[i + 3]) ? 4 : 0;
  }
  return 0;
}
var ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
function eachPart(name, text, byte) {
  let start = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 55296 && c <= 56319) i++;
    else if (c >= 56448 && c <= 56575) {
      if (i > start) text(name.slice(start, i));
      byte(c - 56320);
      start = i + 1;
    }
  }
  if (start < name.length) text(name.slice(start));
}
function nameBytes(name) {
  if (!ESCAPED_BYTE.test(name)) return Buffer.from(name);
  const parts = [];
  eachPart(
    name,
    (run) => parts.push(Buffer.from(run)),
    (b) => parts.push(Buffer.of(b))
  );
  return Buffer.concat(parts);
}
var ESCAPED_CHAR = `[${String.fromCharCode(0)}-${String.fromCharCode(31)}${String.fromCharCode(127)}"\\\\]`;
var NEEDS_QUOTES = new RegExp(`${ESCAPED_CHAR}|${ESCAPED_BYTE.source}`);
var ESCAPED_CHARS = new RegExp(ESCAPED_CHAR, "g");
var C_ESCAPES = {
  "\x07": "\\a",
  "\b": "\\b",
  "	": "\\t",
  "\n": "\\n",
  "\v": "\\v",
  "\f": "\\f",
  "\r": "\\r",
  '"': '\\"',
  "\\": "\\\\"
};
var octal = (b) => `\\${b.toString(8).padStart(3, "0")}`;
function quoteName(name) {
  if (!NEEDS_QUOTES.test(name)) return name;
  let out = '"';
  eachPart(
    name,
    (run) => {
      out += run.replace(ESCAPED_CHARS, (c) => C_ESCAPES[c] ?? octal(c.charCodeAt(0)));
    },
    (b) => {
      out += octal(b);
    }
  );
  return `${out}"`;
}
var isTextName = (name) => !ESCAPED_BYTE.test(name);
var repoFsPath = (repo, name) => isTextName(name) ? join(repo, name) : Buffer.concat([Buffer.from(join(repo, sep)), nameBytes(name)]);

// src/core/artifacts/tree-listing.ts
var LS_TREE = ["ls-tree", "-r", "-z", "--full-tree"];
var RECORD_FORMAT = "--format=%(objectname) %(path)";
function recordOffsets(out, mayQuote) {
  let size = 1024;
  let offsets = { count: 0, starts: new Uint32Array(size), spaces: new Uint32Array(size), ends: new Uint32Array(size) };
  for (let pos = 0; pos < out.length; ) {
    const space = out.indexOf(" ", pos);
    if (mayQuote && out.charCodeAt(space + 1) === 34) return void 0;
    let end = out.indexOf("\0", space);
    if (end < 0) end = out.length;
    if (offsets.count === size) {
      size *= 2;
      const grow = (from) => {
        const to = new Uint32Array(size);
        to.set(from);
        return to;
      };
      offsets = {
        count: offsets.count,
        starts: grow(offsets.starts),
        spaces: grow(offsets.spaces),
        ends: grow(offsets.ends)
      };
    }
    offsets.starts[offsets.count] = pos;
    offsets.spaces[offsets.count] = space;
    offsets.ends[offsets.count++] = end;
    pos = end + 1;
  }
  return offsets;
}
async function plainRecords(repo, commit, signal) {
  const records = decodeNames(await gitBytes(repo, [...LS_TREE, commit], { signal })).split("\0").filter((entry) => entry !== "").map((entry) => {
    const tab = entry.indexOf("	");
    return `${entry.slice(entry.lastIndexOf(" ", tab) + 1, tab)} ${entry.slice(tab + 1)}\0`;
  });
  return nameBytes(records.join(""));
}
async function listRecords(repo, commit, git2, signal) {
  if (git2.lsTreeFormat) {
    const printed = await gitBytes(repo, ["-c", "core.quotePath=false", ...LS_TREE, RECORD_FORMAT, commit], {
      signal
    });
    const out2 = decodeNames(printed);
    const offsets = recordOffsets(out2, true);
    if (offsets) return { bytes: printed, out: out2, offsets };
  }
  const bytes = await plainRecords(repo, commit, signal);
  const out = decodeNames(bytes);
  return { bytes, out, offsets: recordOffsets(out, false) };
}
async function listTree(repo, commit, git2, signal) {
  const { bytes, out, offsets } = await listRecords(repo, commit, git2, signal);
  const { count, starts, spaces, ends } = offsets;
  const ascii = isAscii(bytes);
  return {
    count,
    escaped: !ascii && !isUtf82(bytes),
    path: (i) => out.slice(spaces[i] + 1, ends[i]),
    id: (i) => out.slice(starts[i], spaces[i]),
    printed: ascii ? { bytes, start: (i) => starts[i], end: (i) => ends[i] + 1 } : void 0
  };
}
async function listTreeProbing(repo, commit, signal) {
  try {
    return { tree: await listTree(repo, commit, { lsTreeFormat: true }, signal), git: { lsTreeFormat: true } };
  } catch (error) {
    if (!(error instanceof GitError && error.gitMessage.includes("unknown option"))) throw error;
    return { tree: await listTree(repo, commit, { lsTreeFormat: false }, signal), git: { lsTreeFormat: false } };
  }
}
function locate(tree, paths) {
  const at2 = /* @__PURE__ */ new Map();
  if (tree.printed) {
    for (const path of paths) {
      const i = firstWhere(tree.count, (k) => tree.path(k) >= path);
      if (i < tree.count && tree.path(i) === path) at2.set(path, i);
    }
    return at2;
  }
  const pending = new Set(paths);
  for (let i = 0; i < tree.count && at2.size < pending.size; i++) {
    const path = tree.path(i);
    if (pending.has(path)) at2.set(path, i);
  }
  return at2;
}

// src/core/artifacts/work-tree.ts
import { createHash } from "node:crypto";
import { lstat, readlink, realpath as realpath2 } from "node:fs/promises";

// src/core/repo-files.ts
import { constants } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep as sep2 } from "node:path";
var RepoPathError = class extends Error {
  constructor(message, path, reason, code) {
    super(message);
    this.path = path;
    this.reason = reason;
    this.code = code;
    this.name = "RepoPathError";
  }
  path;
  reason;
  code;
};
function isInside(root, path) {
  const rel = relative(root, path);
  return rel === "" || !isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep2}`);
}
var outside = (shown) => new RepoPathError(
  `${shown} leads outside the repository (an absolute path, ".." or a symlink out); every path the config names must stay inside the repository`,
  shown,
  "outside"
);
function specialKind(info) {
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  if (!info.isFile() && !info.isDirectory()) return "not a regular file";
  return void 0;
}
var specialFile = (shown, kind) => new RepoPathError(
  `${shown} is ${kind}; only regular files, directories and symlinks to them inside the repository are read`,
  shown,
  "special"
);
var fsError = (shown, error) => {
  const code = error.code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    return new RepoPathError(`${shown} is not in the checkout`, shown, "missing", code);
  }
  return new RepoPathError(`${shown} cannot be read (${code ?? error.message})`, shown, "unreadable", code);
};
var roots = /* @__PURE__ */ new Map();
function repoRoot(repo) {
  let root = roots.get(repo);
  if (!root) {
    root = workTreeRoot(repo).catch(() => repo).then((top) => realpath(top));
    roots.set(repo, root);
  }
  return root;
}
async function resolveInRepo(repo, file) {
  const top = await repoRoot(repo);
  const lexical = resolve(await realpath(repo).catch(() => repo), file);
  if (!isInside(top, lexical)) throw outside(file);
  let real;
  try {
    real = await realpath(lexical);
  } catch (error) {
    throw fsError(file, error);
  }
  if (!isInside(top, real)) throw outside(file);
  return real;
}
async function repoEntry(repo, file) {
  const real = await resolveInRepo(repo, file);
  let info;
  try {
    info = await stat(real);
  } catch (error) {
    throw fsError(file, error);
  }
  const special = specialKind(info);
  if (special) throw specialFile(file, special);
  return { real, kind: info.isDirectory() ? "directory" : "file" };
}
async function openRegular(real, shown) {
  let handle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fsError(shown, error);
  }
  const info = await handle.stat();
  const special = info.isFile() ? void 0 : specialKind(info) ?? "a directory";
  if (special) {
    await handle.close();
    throw specialFile(shown, info.isDirectory() ? "a directory, not a file" : special);
  }
  return handle;
}
async function readRepoFile(repo, file, checkSize) {
  const { real, kind } = await repoEntry(repo, file);
  if (kind === "directory") throw specialFile(file, "a directory, not a file");
  const handle = await openRegular(real, file);
  try {
    checkSize?.((await handle.stat()).size);
    return await handle.readFile();
  } catch (error) {
    throw fsError(file, error);
  } finally {
    await handle.close();
  }
}
var readRepoText = async (repo, file) => (await readRepoFile(repo, file)).toString("utf8");

// src/core/artifacts/work-tree.ts
async function submodulesAt(repo, paths) {
  if (paths.length === 0) return /* @__PURE__ */ new Set();
  const all = !paths.every(isTextName);
  const out = decodeNames(
    await gitBytes(repo, [
      "--literal-pathspecs",
      "ls-tree",
      "-z",
      "--full-tree",
      ...all ? ["-r", "HEAD"] : ["HEAD", "--", ...paths]
    ])
  );
  return new Set(
    out.split("\0").filter((entry) => entry.startsWith("160000 ")).map((entry) => entry.slice(entry.indexOf("	") + 1))
  );
}
async function checkedOutCommit(repo, path) {
  if (!isTextName(path)) {
    throw new UserError(
      `the submodule ${quoteName(path)} has a name that is not UTF-8, so its checkout cannot be read; rename it`
    );
  }
  const dir = await realpath2(repoFsPath(repo, path));
  const [top, commit] = (await git(dir, ["rev-parse", "--show-toplevel", "HEAD"]).catch(() => "")).trim().split("\n");
  return commit && top === dir ? commit : void 0;
}
async function workTreeCandidates(repo, signal) {
  const bytes = await gitBytes(
    repo,
    ["--no-optional-locks", "status", "--porcelain=v1", "-z", "-uall", "--no-renames", "--ignore-submodules=dirty"],
    { signal }
  );
  const out = decodeNames(bytes);
  return [
    ...new Set(
      out.split("\0").filter((entry) => entry.length > 3).map((entry) => entry.slice(3))
    )
  ];
}
var blobId = (content) => createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
async function hashWorkTreeFiles(repo, paths) {
  const state = { ids: /* @__PURE__ */ new Map(), missing: [], directories: [] };
  const files = [];
  await Promise.all(
    paths.map(async (path) => {
      const full = repoFsPath(repo, path);
      const info = await lstat(full).catch(() => void 0);
      if (!info) state.missing.push(path);
      else if (info.isDirectory()) state.directories.push(path);
      else if (info.isSymbolicLink()) state.ids.set(path, blobId(await readlink(full, "buffer")));
      else if (info.isFile()) files.push(path);
      else {
        throw new UserError(
          `the input ${quoteName(path)} is ${specialKind(info)}, which git cannot store; remove it or make it a file`
        );
      }
    })
  );
  if (files.length === 0) return state;
  const input = Buffer.from(`${files.map(quoteName).join("\n")}
`);
  const ids = (await git(repo, ["hash-object", "--stdin-paths"], { input })).split("\n");
  for (const [i, path] of files.entries()) state.ids.set(path, ids[i]);
  return state;
}
var NO_CHANGES = { replaced: /* @__PURE__ */ new Map(), gone: /* @__PURE__ */ new Set(), added: [] };
async function workTreeChanges(repo, tree, candidates) {
  const looked = await hashWorkTreeFiles(repo, candidates);
  if (looked.ids.size === 0 && looked.missing.length === 0 && looked.directories.length === 0) return NO_CHANGES;
  const at2 = locate(tree, [...looked.ids.keys(), ...looked.missing, ...looked.directories]);
  const gone = /* @__PURE__ */ new Set();
  const replaced = /* @__PURE__ */ new Map();
  for (const path of looked.missing) {
    const i = at2.get(path);
    if (i !== void 0) gone.add(i);
  }
  const inTree = looked.directories.filter((path) => at2.has(path));
  const submodules = await submodulesAt(repo, inTree);
  const checkouts = await Promise.all(
    inTree.map((path) => submodules.has(path) ? checkedOutCommit(repo, path) : void 0)
  );
  for (const [n, path] of inTree.entries()) {
    const i = at2.get(path);
    if (!submodules.has(path)) gone.add(i);
    else if (checkouts[n]) replaced.set(i, checkouts[n]);
  }
  const added = [];
  for (const [path, id] of looked.ids) {
    const i = at2.get(path);
    if (i === void 0) added.push({ path, id });
    else replaced.set(i, id);
  }
  added.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { replaced, gone, added };
}

// src/core/artifacts/input-ids.ts
async function committedIds(repo, commit = "HEAD", git2) {
  const tree = git2 ? await listTree(repo, commit, git2) : (await listTreeProbing(repo, commit)).tree;
  return { ...tree, changes: NO_CHANGES };
}
function scanWorkTree(repo, commit, signal) {
  const candidates = workTreeCandidates(repo, signal);
  const listed2 = Promise.resolve(commit).then((c) => {
    signal?.throwIfAborted();
    return listTreeProbing(repo, c, signal);
  });
  for (const started of [candidates, listed2]) started.catch(() => {
  });
  return { candidates, listed: listed2 };
}
function readWorkTree(repo, commit, wanted = () => true, scan = scanWorkTree(repo, commit)) {
  const { candidates, listed: listed2 } = scan;
  const tree = listed2.then((l) => l.tree);
  const git2 = listed2.then((l) => l.git);
  const ids = Promise.all([tree, candidates]).then(async ([listing, paths]) => ({
    ...listing,
    changes: await workTreeChanges(repo, listing, paths.filter(wanted))
  }));
  for (const later of [git2, ids]) later.catch(() => {
  });
  return { git: git2, tree, ids };
}

// src/core/environment/sources.ts
var import_dotenv = __toESM(require_main(), 1);
var describeOrigin = (v) => v.file ? `${v.file}${v.line ? `:${v.line}` : ""}` : v.origin === "variables-input" ? "the action's variables input" : v.origin === "secrets-input" ? "the action's secrets input" : "the process environment";
var lineOfKey = (text, pattern) => {
  const index = text.search(pattern);
  return index < 0 ? void 0 : text.slice(0, index).split("\n").length;
};
var escapeRegExp2 = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
async function readSource(repo, file, where2) {
  try {
    return await readRepoText(repo, file);
  } catch (error) {
    if (!(error instanceof RepoPathError)) throw error;
    if (error.reason === "outside" || error.reason === "special") throw new UserError(error.message, where2);
    const code = error.code;
    throw new UserError(
      `cannot read ${file} (${code === "ENOENT" ? "no such file in the checkout" : code}); commit it or fix the path`,
      where2
    );
  }
}
var sourceReader = (parse2) => async (repo, file, where2) => parse2(await readSource(repo, file, where2), file, where2);
var readDotenv = sourceReader(
  (text, file) => Object.fromEntries(
    Object.entries((0, import_dotenv.parse)(text)).map(([key, value]) => [
      key,
      {
        value,
        origin: "dotenv",
        file,
        line: lineOfKey(text, new RegExp(`^[ \\t]*(?:export[ \\t]+)?${escapeRegExp2(key)}[ \\t]*[=:]`, "m"))
      }
    ])
  )
);
var readJsonParams = sourceReader((text, file, where2) => {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error.message);
    const line = position ? text.slice(0, Number(position[1])).split("\n").length : void 0;
    throw new UserError(`${file} is not valid JSON${line ? ` (near line ${line})` : ""}; fix the file`, where2);
  }
  const at2 = (key) => lineOfKey(text, new RegExp(`"(?:ParameterKey"\\s*:\\s*")?${escapeRegExp2(key)}"`));
  const out = {};
  if (Array.isArray(data)) {
    data.forEach((entry, index) => {
      if (!entry || typeof entry !== "object" || typeof entry.ParameterKey !== "string") {
        throw new UserError(
          `${file}[${index}] is not a {"ParameterKey", "ParameterValue"} entry; use a flat object or CloudFormation's parameter list`,
          where2
        );
      }
      if (entry.ParameterValue === void 0) return;
      out[entry.ParameterKey] = {
        value: String(entry.ParameterValue),
        origin: "json",
        file,
        line: at2(entry.ParameterKey)
      };
    });
    return out;
  }
  if (data === null || typeof data !== "object") {
    throw new UserError(`${file} must hold a flat JSON object or CloudFormation's parameter list`, where2);
  }
  for (const [key, value] of Object.entries(data)) {
    if (value !== null && typeof value === "object") {
      throw new UserError(`${file}: "${key}" is nested; variables files must be flat (name to value)`, where2);
    }
    out[key] = { value: value === null ? "" : String(value), origin: "json", file, line: at2(key) };
  }
  return out;
});
function fromRecord(values, origin) {
  const out = {};
  for (const [key, value] of Object.entries(values)) if (value !== void 0) out[key] = { value, origin };
  return out;
}

// src/core/environment/load.ts
function environmentConfig(loaded, name) {
  const environments = loaded.config.environments ?? {};
  if (!Object.hasOwn(environments, name)) {
    const known = Object.keys(environments);
    throw new UserError(
      `environment "${name}" is not defined in ${loaded.file}${known.length ? ` (defined: ${known.join(", ")})` : "; add it under `environments:`"}`,
      { file: loaded.file, line: loaded.lineOf(["environments"]) }
    );
  }
  return environments[name];
}
async function loadEnvironment(loaded, name, inputs) {
  const config = environmentConfig(loaded, name);
  const secretNames = /* @__PURE__ */ new Set([...config.secrets ?? [], ...Object.keys(inputs.secrets ?? {})]);
  const variables = {};
  const secretValues = [];
  const merge = (source) => {
    for (const [key, value] of Object.entries(source))
      if (secretNames.has(key)) secretValues.push({ name: key, value });
    Object.assign(variables, source);
  };
  const sources = config.variables ?? [];
  for (const [index, source] of sources.entries()) {
    const keyPath = ["environments", name, "variables", index];
    const where2 = { file: loaded.file, line: loaded.lineOf(keyPath), path: `environments.${name}.variables[${index}]` };
    if ("dotenv" in source) merge(await readDotenv(inputs.repo, source.dotenv, where2));
    else if ("json" in source) merge(await readJsonParams(inputs.repo, source.json, where2));
    else merge(fromRecord(inputs.processEnv ?? {}, "process"));
  }
  merge(fromRecord(inputs.variables ?? {}, "variables-input"));
  merge(fromRecord(inputs.secrets ?? {}, "secrets-input"));
  const values = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v.value]));
  return { name, config, variables, values, secretNames, secretValues };
}

// src/core/environment/prepare.ts
async function prepareEnvironment(loaded, name, inputs) {
  const environment = await loadEnvironment(loaded, name, inputs);
  const others = /* @__PURE__ */ new Map([[name, Promise.resolve(environment)]]);
  const loadOther = (other) => {
    if (!others.has(other))
      others.set(other, loadEnvironment(loaded, other, { repo: inputs.repo, processEnv: inputs.processEnv }));
    return others.get(other);
  };
  const withSecrets = Object.entries(loaded.config.environments ?? {}).filter(([other, config]) => other !== name && config.secrets?.length).map(
    ([other]) => loadOther(other).catch((error) => {
      if (!(error instanceof UserError)) throw error;
      throw new UserError(
        `environment "${other}" declares secrets, which every run reads to mask: ${error.message}`,
        {
          file: error.file,
          line: error.line,
          path: error.path
        }
      );
    })
  );
  const all = [environment, ...await Promise.all(withSecrets)];
  for (const env of all) {
    for (const { name: key, value } of env.secretValues) {
      const why = unmaskable(value.value);
      if (why) {
        throw new UserError(
          `the secret ${key} of environment "${env.name}" (from ${describeOrigin(value)}) ${why}; set its real value, or take it out of ${value.origin === "secrets-input" ? "the `secrets` input" : "`secrets:`"}`,
          { file: loaded.file, line: loaded.lineOf(["environments", env.name, "secrets"]) }
        );
      }
    }
  }
  return {
    loaded,
    environment,
    loadOther,
    mask: createMasker(all.flatMap((e) => e.secretValues.map((s) => s.value.value)))
  };
}

// src/core/budget.ts
async function withTimeout(ms, work, reason = () => new Error("timeout")) {
  const timeout = new AbortController();
  let timer;
  const over = new Promise((resolve4) => {
    timer = setTimeout(() => {
      timeout.abort(reason());
      resolve4(void 0);
    }, ms);
  });
  try {
    return await Promise.race([work(timeout.signal).then((value) => ({ value })), over]);
  } finally {
    clearTimeout(timer);
  }
}
var withinBudget = (ms, work) => withTimeout(ms, work, () => new BudgetError());
var BudgetError = class extends Error {
  constructor() {
    super("the stage's budget ran out");
    this.name = "BudgetError";
  }
};

// src/core/config/scope.ts
var appliesTo = (entry, environment) => !entry.environments || entry.environments.includes(environment);

// src/core/predict/ask.ts
import { createHash as createHash3 } from "node:crypto";

// src/core/predict/run-tool.ts
import { existsSync } from "node:fs";
import { delimiter, dirname, join as join2 } from "node:path";

// src/core/preflight/exec.ts
import { spawn } from "node:child_process";
var howItEnded = (outcome) => outcome.code === null ? `was killed by ${outcome.signal}` : `exited ${outcome.code}`;
function capture(max) {
  let text = "";
  let dropped = false;
  return {
    add: (chunk) => {
      dropped ||= text.length + chunk.length > max;
      if (text.length < max) text += chunk.slice(0, max - text.length);
    },
    text: () => dropped ? `${text}${CUT}` : text
  };
}
function execProgram(file, args, options) {
  const max = options.maxOutput ?? 64 * 1024;
  return new Promise((resolve4) => {
    if (options.signal.aborted) return resolve4({ kind: "aborted", stdout: "", stderr: "" });
    const stdout = capture(max);
    const stderr = capture(max);
    let settled = false;
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"]
    });
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
      }
    };
    const finish2 = (outcome) => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener("abort", onAbort);
      resolve4(outcome);
    };
    const onAbort = () => {
      killGroup();
      finish2({ kind: "aborted", stdout: stdout.text(), stderr: stderr.text() });
    };
    options.signal.addEventListener("abort", onAbort, { once: true });
    child.stdout.setEncoding("utf8").on("data", stdout.add);
    child.stderr.setEncoding("utf8").on("data", stderr.add);
    child.on("error", (error) => {
      finish2({
        kind: "not-started",
        code: error.code,
        reason: error.code === "ENOENT" ? `${file} was not found (is it installed and on PATH?)` : error.code === "EACCES" ? `${file} is not executable` : error.message
      });
    });
    child.on("close", (code, signal) => {
      killGroup();
      finish2({ kind: "exited", code, signal, stdout: stdout.text(), stderr: stderr.text() });
    });
  });
}
function commandEnv(processEnv, values) {
  return { ...processEnv, ...values };
}

// src/core/preflight/types.ts
function result(id, verdict, message, place = {}) {
  return {
    id,
    status: verdict === "passed" ? "pass" : verdict === "not-checkable" ? "warn" : "fail",
    verdict,
    message,
    ...place.file ? { file: place.file } : {},
    ...place.file && place.line ? { line: place.line } : {}
  };
}

// src/core/preflight/checks/command.ts
function outputTail(stdout, stderr) {
  const text = tail(stderr.trim() || stdout.trim(), 3, 400);
  return text ? `: ${excerpt(text, 200)}` : "";
}
async function commandCheck(check, ctx) {
  const [file, args] = check.run !== void 0 ? ["sh", ["-c", check.run]] : [check.argv[0], check.argv.slice(1)];
  const shown = check.run ?? check.argv.join(" ");
  const outcome = await execProgram(file, args, {
    cwd: ctx.repo,
    env: commandEnv(ctx.processEnv, ctx.environment.values),
    signal: ctx.signal
  });
  if (outcome.kind === "aborted") throw ctx.signal.reason;
  if (outcome.kind === "not-started") {
    return [result(check.id, "command-failed", `\`${excerpt(shown, 80)}\` could not start: ${outcome.reason}`)];
  }
  const wantExit = check.expect?.exit ?? 0;
  if (outcome.code !== wantExit) {
    return [
      result(
        check.id,
        "command-failed",
        `\`${excerpt(shown, 80)}\` ${howItEnded(outcome)}, expected ${wantExit}${outputTail(outcome.stdout, outcome.stderr)}`
      )
    ];
  }
  const contains = check.expect?.stdout_contains;
  if (contains !== void 0 && !outcome.stdout.includes(contains)) {
    return [
      result(
        check.id,
        "command-failed",
        `\`${excerpt(shown, 80)}\` did not print "${contains}"${outputTail(outcome.stdout, "")}`
      )
    ];
  }
  return [result(check.id, "passed", `\`${excerpt(shown, 80)}\` exited ${wantExit} as expected`)];
}

// src/core/predict/run-tool.ts
var MAX_OUTPUT = 64 * 1024 * 1024;
async function runTool(run, ctx) {
  const timeout = AbortSignal.timeout(ctx.timeoutMs);
  const outcome = await execProgram(run.program, run.args, {
    cwd: ctx.repo,
    env: run.env ?? ctx.env,
    signal: AbortSignal.any([ctx.signal, timeout]),
    maxOutput: MAX_OUTPUT
  });
  const shown = `\`${excerpt(run.shown, 100)}\``;
  if (outcome.kind === "not-started") {
    if (outcome.code === "ENOENT") throw new UserError(run.missing);
    return { ok: false, verdict: "predict-failed", message: `${shown} could not start: ${outcome.reason}` };
  }
  if (outcome.kind === "aborted") {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    return {
      ok: false,
      verdict: "timeout",
      message: `${shown} did not answer within ${ctx.timeoutMs / 1e3}s${outputTail(outcome.stdout, outcome.stderr)}; make it answer sooner or raise \`predict.timeout\``
    };
  }
  if (outcome.code !== 0) {
    return {
      ok: false,
      verdict: "predict-failed",
      message: `${shown} ${howItEnded(outcome)}${outputTail("", outcome.stderr || outcome.stdout)}; fix the build tool's setup and run predict again`
    };
  }
  return { ok: true, stdout: outcome.stdout };
}
function withRepoBins(repo, env) {
  const bins = [];
  for (let dir = repo; ; dir = dirname(dir)) {
    const bin = join2(dir, "node_modules", ".bin");
    if (existsSync(bin)) bins.push(bin);
    if (dirname(dir) === dir) break;
  }
  const path = [...bins, env.PATH ?? "/usr/local/bin:/usr/bin:/bin"].join(delimiter);
  return { ...env, PATH: path };
}
var QUIET_TOOLS = {
  TURBO_TELEMETRY_DISABLED: "1",
  TURBO_NO_UPDATE_NOTIFIER: "1",
  DO_NOT_TRACK: "1",
  NX_NO_CLOUD: "true",
  NX_DAEMON: "false",
  NX_TUI: "false",
  NX_SKIP_NX_CACHE: "true"
};
function parseJson(stdout) {
  try {
    return JSON.parse(stdout);
  } catch {
    const start = stdout.indexOf("\n{");
    if (start < 0) return void 0;
    try {
      return JSON.parse(stdout.slice(start + 1));
    } catch {
      return void 0;
    }
  }
}

// src/core/predict/nix.ts
var FLAKES = ["--extra-experimental-features", "nix-command flakes"];
var MISSING = "nix is not on PATH: predict asks Nix for the derivation's drvPath; install Nix on the runner (e.g. apt-get install nix-bin) before predict";
async function askNix(nix, ctx) {
  const flake = "installable" in nix;
  const [program, args] = flake ? [
    "nix",
    [
      ...FLAKES,
      "eval",
      "--raw",
      nix.installable,
      "--apply",
      "d: d.drvPath",
      "--read-only",
      "--no-update-lock-file"
    ]
  ] : ["nix-instantiate", ["--readonly-mode", `./${nix.file}`, "-A", nix.attr]];
  const shown = flake ? `nix eval ${nix.installable} --apply "d: d.drvPath"` : `nix-instantiate ${nix.file} -A ${nix.attr}`;
  const answer = await runTool(
    {
      program,
      args,
      shown,
      missing: MISSING
    },
    ctx
  );
  if (!answer.ok) return answer;
  const drvPaths = answer.stdout.split("\n").map((line) => line.trim()).filter(Boolean);
  if (drvPaths.length === 0 || !drvPaths.every((p) => /^\/\S+\.drv$/.test(p))) {
    return {
      ok: false,
      verdict: "predict-failed",
      message: `\`${shown}\` printed no drvPath; point it at a derivation`
    };
  }
  const key = drvPaths.join(" ");
  const subject = flake ? `the derivation ${nix.installable}` : `the derivation ${nix.file} -A ${nix.attr}`;
  return {
    ok: true,
    prediction: {
      key: `nix:${key}`,
      subject,
      fix: (them2) => `make its \`src\` include ${them2} (its builtins.path or cleanSourceWith filter, or lib.fileset, drops ${them2})${flake ? ", and `git add` new files: a flake sees only the files git tracks" : ""}`
    }
  };
}

// src/core/predict/nx.ts
import { createHash as createHash2 } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join3 } from "node:path";
var strings = (value) => Array.isArray(value) && value.every((v) => typeof v === "string");
var isTargetInputs = (value) => typeof value === "object" && value !== null && strings(value.files) && (value.environment === void 0 || strings(value.environment)) && (value.external === void 0 || strings(value.external));
var inRepo = (path) => path !== "" && !path.startsWith("/") && !path.split("/").includes("..");
async function keyOf(repo, inputs) {
  const files = [...new Set(inputs.files.filter(inRepo))].sort();
  const { ids } = await hashWorkTreeFiles(repo, files);
  const hash = createHash2("sha256");
  for (const file of files) hash.update(`${ids.get(file) ?? "-"} ${file}\0`);
  hash.update(`env ${[...inputs.environment ?? []].sort().join(" ")}\0`);
  hash.update(`external ${[...inputs.external ?? []].sort().join(" ")}\0`);
  return hash.digest("hex");
}
async function askNx(project, target, ctx) {
  const name = `${project}:${target}`;
  const shown = `nx show target inputs ${name} --json`;
  const data = await mkdtemp(join3(tmpdir(), "deploy-gate-nx-"));
  try {
    const answer = await runTool(
      {
        program: "nx",
        args: ["show", "target", "inputs", name, "--json"],
        shown,
        env: withRepoBins(ctx.repo, {
          ...ctx.env,
          ...QUIET_TOOLS,
          NX_WORKSPACE_DATA_DIRECTORY: join3(data, "workspace-data"),
          NX_CACHE_DIRECTORY: join3(data, "cache")
        }),
        missing: "nx is not installed: predict runs the repository's own nx (node_modules/.bin/nx); install the repository's dependencies (e.g. npm ci) before predict"
      },
      ctx
    );
    if (!answer.ok) return answer;
    const inputs = parseJson(answer.stdout);
    if (!isTargetInputs(inputs)) {
      return {
        ok: false,
        verdict: "predict-failed",
        message: `\`${shown}\` printed no input list that deploy-gate can read; check that the repository's nx has \`nx show target inputs\``
      };
    }
    const key = await keyOf(ctx.repo, inputs);
    return {
      ok: true,
      prediction: {
        key: `nx:${key}`,
        files: new Set(inputs.files.filter(inRepo)),
        subject: `nx's ${name}`,
        fix: (them2) => `add ${them2} to the \`inputs\` of ${name} (nx.json's targetDefaults or the project's configuration)`
      }
    };
  } finally {
    await rm(data, { recursive: true, force: true });
  }
}

// src/core/predict/turbo.ts
import { existsSync as existsSync2 } from "node:fs";
import { createRequire } from "node:module";
import { dirname as dirname2, join as join4, posix } from "node:path";
var isDryRun = (value) => typeof value === "object" && value !== null && Array.isArray(value.tasks) && value.tasks.every((t) => typeof t?.taskId === "string" && typeof t.hash === "string");
var repoPath = (directory, file) => posix.normalize(posix.join(directory ?? "", file));
function filesOf(task, byId2, global) {
  const files = new Set(global);
  const seen = /* @__PURE__ */ new Set();
  const visit = (t) => {
    if (seen.has(t.taskId)) return;
    seen.add(t.taskId);
    for (const file of Object.keys(t.inputs ?? {})) files.add(repoPath(t.directory, file));
    for (const dep of t.dependencies ?? []) {
      const found = byId2.get(dep);
      if (found) visit(found);
    }
  };
  visit(task);
  return files;
}
var PLATFORMS = { linux: "linux", darwin: "darwin", win32: "windows" };
var ARCHS = { x64: "64", arm64: "arm64" };
function turboBinary(repo) {
  const os = PLATFORMS[process.platform];
  const arch = ARCHS[process.arch];
  if (!os || !arch) return void 0;
  const ext = os === "windows" ? ".exe" : "";
  for (let dir = repo; ; dir = dirname2(dir)) {
    const manifest = join4(dir, "node_modules", "turbo", "package.json");
    if (existsSync2(manifest)) {
      const require2 = createRequire(manifest);
      for (const name of [`@turbo/${os}-${arch}/bin/turbo${ext}`, `turbo-${os}-${arch}/bin/turbo${ext}`]) {
        try {
          return require2.resolve(name);
        } catch {
        }
      }
      throw new UserError(
        `turbo is installed without its binary for ${os}-${arch} (@turbo/${os}-${arch}); reinstall the repository's dependencies with optional dependencies (e.g. npm ci --include=optional) before predict`
      );
    }
    if (dirname2(dir) === dir) return void 0;
  }
}
async function askTurbo(tasks, ctx) {
  const wanted = [...new Set(tasks)];
  const shown = `turbo run ${wanted.join(" ")} --dry=json`;
  const answer = await runTool(
    {
      program: turboBinary(ctx.repo) ?? "turbo",
      args: ["run", ...wanted, "--dry=json"],
      shown,
      env: withRepoBins(ctx.repo, { ...ctx.env, ...QUIET_TOOLS }),
      missing: "turbo is not installed: predict runs the repository's own turbo (node_modules/.bin/turbo); install the repository's dependencies (e.g. npm ci) before predict"
    },
    ctx
  );
  if (!answer.ok) return new Map(wanted.map((task) => [task, answer]));
  const dry = parseJson(answer.stdout);
  if (!isDryRun(dry)) {
    const failed = {
      ok: false,
      verdict: "predict-failed",
      message: `\`${shown}\` printed no dry-run JSON that deploy-gate can read; check that turbo is version 2 or later`
    };
    return new Map(wanted.map((task) => [task, failed]));
  }
  const byId2 = new Map(dry.tasks.map((t) => [t.taskId, t]));
  const global = Object.keys(dry.globalCacheInputs?.files ?? {});
  return new Map(
    wanted.map((task) => {
      const found = byId2.get(task);
      if (!found) {
        const planned = [...byId2.keys()].slice(0, 5).join(", ");
        return [
          task,
          {
            ok: false,
            verdict: "predict-failed",
            message: `turbo planned no task "${task}"${planned ? ` (it planned ${planned})` : ""}; name the task as PACKAGE#TASK, as turbo.json and the package have it`
          }
        ];
      }
      return [
        task,
        {
          ok: true,
          prediction: {
            key: `turbo:${found.hash}`,
            files: filesOf(found, byId2, global),
            subject: `turbo's ${task}`,
            fix: (them2) => `add ${them2} to the \`inputs\` of ${task} in turbo.json`
          }
        }
      ];
    })
  );
}

// src/core/predict/ask.ts
var DEFAULT_PREDICT_TIMEOUT = "60s";
var predicts = (artifact) => artifact.predict !== void 0;
var timeoutOf = (artifact) => parseDuration(artifact.predict.timeout ?? DEFAULT_PREDICT_TIMEOUT);
async function askCommand(command, ctx) {
  const answer = await runTool(
    {
      program: "sh",
      args: ["-c", command],
      shown: command,
      missing: "sh is not on PATH, so the `command` of `predict` cannot run; run deploy-gate where a POSIX shell is"
    },
    ctx
  );
  if (!answer.ok) return answer;
  const printed = answer.stdout.trim();
  if (!printed) {
    return {
      ok: false,
      verdict: "predict-failed",
      message: `\`${command}\` printed nothing; a build key must not be empty`
    };
  }
  const key = createHash3("sha256").update(printed).digest("hex");
  return {
    ok: true,
    prediction: {
      key: `command:${key}`,
      subject: `the key command \`${command}\``,
      fix: (them2) => `make the build (and its key command) count ${them2}`
    }
  };
}
async function askAll(artifacts, base) {
  const turbo = artifacts.filter((a) => a.predict.turbo);
  const byTask = turbo.length ? askTurbo(
    turbo.map((a) => a.predict.turbo.task),
    { ...base, timeoutMs: Math.max(...turbo.map(timeoutOf)) }
  ) : void 0;
  byTask?.catch(() => {
  });
  const answers = await Promise.all(
    artifacts.map(async (a) => {
      const ctx = { ...base, timeoutMs: timeoutOf(a) };
      const { nix, nx, turbo: turbo2, command } = a.predict;
      if (turbo2) return [a.name, (await byTask).get(turbo2.task)];
      if (nix) return [a.name, await askNix(nix, ctx)];
      if (nx) return [a.name, await askNx(nx.project, nx.target, ctx)];
      return [a.name, await askCommand(command, ctx)];
    })
  );
  return new Map(answers);
}

// src/core/artifacts/fingerprint.ts
import { createHash as createHash4 } from "node:crypto";
function inputMatcher(globs, ignore = /* @__PURE__ */ new Set()) {
  const tests = globs.map(compileGlob);
  return {
    globs,
    match: (path) => {
      if (ignore.size && ignore.has(path)) return -1;
      for (let i = 0; i < tests.length; i++) if (tests[i](path)) return i;
      return -1;
    }
  };
}
var byPath = (a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
function matchEntries(tree, matcher) {
  const picked = [];
  const which = [];
  let previous = "";
  let sorted = true;
  for (let i = 0; i < tree.count; i++) {
    const p = tree.path(i);
    const glob2 = matcher.match(p);
    if (glob2 < 0) continue;
    if (previous > p) sorted = false;
    previous = p;
    picked.push(i);
    which.push(glob2);
  }
  return { picked, which, sorted };
}
function recordHasher(printed, escaped) {
  const hash = createHash4("sha256");
  let text = "";
  let runStart = 0;
  let runEnd = 0;
  const flushRun = () => {
    if (printed && runEnd > runStart) hash.update(printed.bytes.subarray(runStart, runEnd));
    runStart = runEnd = 0;
  };
  const flushText = () => {
    if (text) hash.update(text);
    text = "";
  };
  return {
    /** Records as git printed them, from byte `start` to `end`: adjacent ranges go in as one slice. */
    bytes(start, end) {
      flushText();
      if (start !== runEnd) {
        flushRun();
        runStart = start;
      }
      runEnd = end;
    },
    record(path, id) {
      flushRun();
      if (escaped && !isTextName(path)) {
        flushText();
        hash.update(`${id} `).update(nameBytes(path)).update("\0");
        return;
      }
      text += `${id} ${path}\0`;
      if (text.length > 1 << 20) flushText();
    },
    digest() {
      flushRun();
      flushText();
      return `sha256:${hash.digest("hex")}`;
    }
  };
}
function mergedInputs(ids, matcher, entries) {
  const { picked, which } = entries;
  const { replaced, gone, added } = ids.changes;
  const filesPerGlob = new Array(matcher.globs.length).fill(0);
  for (const glob2 of which) filesPerGlob[glob2]++;
  const departures = [];
  for (const add of added) {
    const glob2 = matcher.match(add.path);
    if (glob2 < 0) continue;
    filesPerGlob[glob2]++;
    departures.push({ k: firstWhere(picked.length, (k) => ids.path(picked[k]) > add.path), add });
  }
  const additions = departures.length;
  let goneCount = 0;
  for (const i of [...gone, ...replaced.keys()].sort((a, b) => a - b)) {
    const k = firstWhere(picked.length, (k2) => picked[k2] >= i);
    if (picked[k] !== i) continue;
    departures.push({ k });
    if (gone.has(i)) {
      goneCount++;
      filesPerGlob[which[k]]--;
    }
  }
  departures.sort((x, y) => x.k - y.k || Number(x.add === void 0) - Number(y.add === void 0));
  return {
    count: picked.length - goneCount + additions,
    filesPerGlob,
    escaped: Boolean(ids.escaped) || added.some((a) => !isTextName(a.path)),
    visit(range, one) {
      let k = 0;
      for (const departure of departures) {
        if (k < departure.k) range(k, departure.k);
        k = departure.k;
        if (departure.add) one(departure.add.path, departure.add.id);
        else {
          const i = picked[k++];
          const id = replaced.get(i);
          if (id !== void 0) one(ids.path(i), id);
        }
      }
      if (k < picked.length) range(k, picked.length);
    }
  };
}
function fingerprintInputs(ids, matcher, entries = matchEntries(ids, matcher)) {
  const { picked } = entries;
  const inputs = mergedInputs(ids, matcher, entries);
  let ordered;
  const inOrder = () => {
    if (ordered) return ordered;
    const out = [];
    inputs.visit(
      (from, to) => {
        for (let k = from; k < to; k++) out.push({ path: ids.path(picked[k]), id: ids.id(picked[k]) });
      },
      (path, id) => out.push({ path, id })
    );
    ordered = entries.sorted ? out : out.sort(byPath);
    return ordered;
  };
  const hasher = recordHasher(ids.printed, inputs.escaped);
  const { printed } = ids;
  if (entries.sorted && printed) {
    inputs.visit(
      (from, to) => {
        for (let k = from; k < to; ) {
          let end = k + 1;
          while (end < to && picked[end] === picked[end - 1] + 1) end++;
          hasher.bytes(printed.start(picked[k]), printed.end(picked[end - 1]));
          k = end;
        }
      },
      (path, id) => hasher.record(path, id)
    );
  } else for (const { path, id } of inOrder()) hasher.record(path, id);
  const matched = inputs.filesPerGlob.map((n) => n > 0);
  for (let g = 0; g < matcher.globs.length; g++) {
    if (matched[g]) continue;
    const single = compileGlob(matcher.globs[g]);
    matched[g] = inOrder().some(({ path }) => single(path));
  }
  let files;
  return {
    fingerprint: hasher.digest(),
    count: inputs.count,
    files: () => {
      files ??= Object.fromEntries(inOrder().map(({ path, id }) => [quoteName(path), id]));
      return files;
    },
    unmatched: matched.flatMap((m, i) => m ? [] : [i])
  };
}
var listPaths = (paths) => {
  const shown = paths.slice(0, 3).join(", ");
  return paths.length > 3 ? `${shown}, and ${paths.length - 3} more` : shown;
};

// src/core/artifacts/revision.ts
var looksLikeCommit = (revision) => /^[0-9a-fA-F]{4,64}$/.test(revision);
async function resolveCommit(repo, revision) {
  if (!looksLikeCommit(revision)) return void 0;
  try {
    return (await git(repo, ["rev-parse", "--verify", "--quiet", `${revision}^{commit}`])).trim() || void 0;
  } catch {
    return void 0;
  }
}
var sameCommit = (a, b) => a.length >= 7 && b.length >= 7 && (a.startsWith(b) || b.startsWith(a));
async function fingerprintAt(repo, git2, revision, name, matcher, history) {
  const full = await resolveCommit(repo, revision);
  if (full) {
    const inputs = fingerprintInputs(await committedIds(repo, full, git2), matcher);
    return { fingerprint: inputs.fingerprint, files: inputs.files() };
  }
  const recorded = history.find((r) => sameCommit(r.commit, revision) && r.artifacts[name]);
  return recorded && { fingerprint: recorded.artifacts[name].fingerprint, files: recorded.artifacts[name].files };
}

// src/core/artifacts/changed-inputs.ts
function changedPaths(before, after) {
  const out = /* @__PURE__ */ new Set();
  for (const [path, id] of Object.entries(after)) if (before[path] !== id) out.add(path);
  for (const path of Object.keys(before)) if (!(path in after)) out.add(path);
  return [...out].sort();
}
async function committedChanges(repo, from, to, signal) {
  if (!looksLikeCommit(from)) return void 0;
  let out;
  try {
    out = await gitBytes(repo, ["diff-tree", "-r", "-z", "--no-renames", `${from}^{commit}`, to], { signal });
  } catch (error) {
    if (error instanceof GitError) return void 0;
    throw error;
  }
  const fields = decodeNames(out).split("\0");
  const changes = /* @__PURE__ */ new Map();
  for (let n = 0; n + 1 < fields.length; n += 2) {
    const [, , before, after, status] = fields[n].split(" ");
    changes.set(fields[n + 1], {
      before: status === "A" ? void 0 : before,
      after: status === "D" ? void 0 : after
    });
  }
  return changes;
}
async function changedSinceCommit(repo, since, commit, now, matcher, diff = committedChanges(repo, since, commit)) {
  const found = await diff;
  if (!found) return void 0;
  const ids = new Map(found);
  const { replaced, gone, added } = now.changes;
  for (const i of [...gone, ...replaced.keys()]) {
    const path = now.path(i);
    const known = ids.get(path);
    ids.set(path, { before: known ? known.before : now.id(i), after: replaced.get(i) });
  }
  for (const { path, id } of added) ids.set(path, { before: ids.get(path)?.before, after: id });
  return [...ids].filter(([path, { before, after }]) => before !== after && matcher.match(path) >= 0).map(([path]) => quoteName(path)).sort();
}

// src/core/artifacts/inputs.ts
async function fingerprintArtifacts(loaded, repo, commit, artifacts, ignorePaths = [], scan) {
  const ignore = new Set(ignorePaths);
  const matched = artifacts.map((a) => ({ ...a, matcher: inputMatcher(a.artifact.inputs, ignore) }));
  const matchers = matched.map((a) => a.matcher);
  const read = readWorkTree(repo, commit, (path) => matchers.some((m) => m.match(path) >= 0), scan);
  const tree = await read.tree;
  const entries = matchers.map((m) => matchEntries(tree, m));
  const ids = await read.ids;
  const git2 = await read.git;
  const fingerprinted = matched.map((a, k) => {
    const inputs = fingerprintInputs(ids, a.matcher, entries[k]);
    const unmatched = inputs.unmatched[0];
    if (unmatched !== void 0) {
      const keyPath = ["artifacts", a.index, "inputs", unmatched];
      throw new UserError(
        `glob "${a.artifact.inputs[unmatched]}" matches no file in the repository, so ${a.artifact.name} could never be checked; fix the pattern or remove it`,
        { file: loaded.file, line: loaded.lineOf(keyPath), path: `artifacts[${a.index}].inputs[${unmatched}]` }
      );
    }
    return { ...a, inputs };
  });
  return { git: git2, ids, fingerprinted };
}

// src/core/environment/interpolate.ts
var REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
var referencedNames = (text) => [...text.matchAll(REFERENCE)].map((m) => m[1]);
function interpolate(text, values) {
  const missing = [];
  const out = text.replace(REFERENCE, (whole, name) => {
    if (Object.hasOwn(values, name)) return values[name];
    if (!missing.includes(name)) missing.push(name);
    return whole;
  });
  return { text: out, missing };
}
function undefinedIn(missing, environment) {
  const names = missing.map((n) => `\${${n}}`).join(", ");
  return `${names}, which environment "${environment}" does not define; add ${missing.length > 1 ? "them" : "it"} to its variables`;
}
function interpolateDeep(value, values, skip = []) {
  const missing = /* @__PURE__ */ new Set();
  const walk = (node, top = false) => {
    if (typeof node === "string") {
      const r = interpolate(node, values);
      for (const m of r.missing) missing.add(m);
      return r.text;
    }
    if (Array.isArray(node)) return node.map((item) => walk(item));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, top && skip.includes(k) ? v : walk(v)]));
    }
    return node;
  };
  const out = walk(value, true);
  return { value: out, missing: [...missing] };
}

// src/core/artifacts/digest.ts
import { createHash as createHash5 } from "node:crypto";
import { lstat as lstat2, readdir, readlink as readlink2 } from "node:fs/promises";
var CHUNK = 256 * 1024;
async function fileDigest(path, shown = String(path)) {
  const handle = await openRegular(path, shown);
  try {
    const hash = createHash5("sha256");
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let next = handle.read(buffers[0], 0, CHUNK, null);
    for (let k = 1; ; k ^= 1) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) break;
      next = handle.read(buffers[k], 0, CHUNK, null);
      hash.update(bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead));
    }
    return `sha256:${hash.digest("hex")}`;
  } finally {
    await handle.close();
  }
}
async function bounded(items, limit, work) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
async function treeDigest(root, concurrency = 8, shown = root) {
  const files = [];
  const links = [];
  const walk = async (rel) => {
    const entries = await readdir(repoFsPath(root, rel), { withFileTypes: true, encoding: "buffer" });
    for (const entry of entries) {
      const name = decodeNames(entry.name);
      const child = rel ? `${rel}/${name}` : name;
      const full = repoFsPath(root, child);
      if (entry.isDirectory()) await walk(child);
      else if (entry.isSymbolicLink()) {
        links.push({ path: child, line: Buffer.concat([Buffer.from("L "), await readlink2(full, "buffer")]) });
      } else if (entry.isFile()) {
        const stat3 = await lstat2(full);
        files.push({ rel: child, executable: (stat3.mode & 73) !== 0 });
      } else throw specialFile(`${shown}/${quoteName(child)}`, specialKind(entry) ?? "not a regular file");
    }
  };
  await walk("");
  const hashed = await bounded(files, concurrency, async (f) => ({
    path: f.rel,
    line: `F ${f.executable ? "x" : "-"} ${await fileDigest(repoFsPath(root, f.rel), `${shown}/${quoteName(f.rel)}`)}`
  }));
  const all = [...hashed, ...links].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const hash = createHash5("sha256");
  for (const entry of all) hash.update(nameBytes(entry.path)).update("\0").update(entry.line).update("\n");
  return `sha256:${hash.digest("hex")}`;
}
async function pathDigest(repo, path) {
  let found;
  try {
    found = await repoEntry(repo, path);
  } catch (error) {
    if (error instanceof RepoPathError && error.reason === "missing") return void 0;
    throw error;
  }
  if (found.kind === "directory") return { kind: "directory", digest: await treeDigest(found.real, 8, path) };
  return { kind: "file", digest: await fileDigest(found.real, path) };
}

// src/core/artifacts/image-ref.ts
var DOCKER_HUB = "docker.io";
var COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
var DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;
var TAG = /^[\w][\w.-]{0,127}$/;
var DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
var ImageRefError = class extends Error {
};
function parseImageRef(text) {
  const fail = (why) => {
    throw new ImageRefError(`"${text}" is not a valid image reference: ${why}`);
  };
  if (!text || text.length > 255 + 140) fail("it is empty or too long");
  let rest = text;
  let digest;
  const at2 = rest.indexOf("@");
  if (at2 >= 0) {
    digest = rest.slice(at2 + 1);
    rest = rest.slice(0, at2);
    if (!DIGEST.test(digest)) fail(`bad digest "${digest}"`);
    if (digest.startsWith("sha256:") && !/^sha256:[a-f0-9]{64}$/.test(digest)) fail("a sha256 digest is 64 hex digits");
  }
  let tag;
  const lastSlash = rest.lastIndexOf("/");
  const colon = rest.lastIndexOf(":");
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) fail(`bad tag "${tag}"`);
  }
  const parts = rest.split("/");
  let domain = DOCKER_HUB;
  if (parts.length > 1 && (parts[0].includes(".") || parts[0].includes(":") || parts[0] === "localhost")) {
    domain = parts.shift();
    if (!DOMAIN.test(domain)) fail(`bad registry host "${domain}"`);
  }
  for (const part of parts)
    if (!COMPONENT.test(part)) fail(`bad name component "${part}" (lowercase letters, digits and separators)`);
  if (domain === DOCKER_HUB && parts.length === 1) parts.unshift("library");
  const repository = parts.join("/");
  if (repository.length > 255) fail("the name is longer than 255 characters");
  return { original: text, domain, repository, tag, digest };
}
var isMutable = (ref) => ref.digest === void 0;
var effectiveTag = (ref) => ref.tag ?? "latest";
function parseOciLayoutRef(text) {
  const m = /^(oci|oci-archive):(.+)$/.exec(text);
  if (!m) return void 0;
  const transport = m[1];
  let rest = m[2];
  let digest;
  const at2 = rest.lastIndexOf("@");
  if (at2 > 0 && DIGEST.test(rest.slice(at2 + 1))) {
    digest = rest.slice(at2 + 1);
    rest = rest.slice(0, at2);
  }
  let tag;
  const colon = rest.lastIndexOf(":");
  if (colon > 0 && !rest.slice(colon + 1).includes("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { transport, path: rest, tag, digest };
}

// src/core/artifacts/oci-layout.ts
import { join as join5 } from "node:path";

// src/core/artifacts/image-config.ts
var REVISION_LABEL = "org.opencontainers.image.revision";
var MANIFEST_TYPES = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json"
];
function pickFromIndex(manifest) {
  const list = manifest.manifests ?? [];
  return list.find((d) => d.platform?.os === "linux" && d.platform.architecture === "amd64") ?? list.find((d) => d.platform?.architecture !== "unknown") ?? list[0];
}
function revisionOf(config, manifest) {
  const labels = config?.config?.Labels;
  return labels?.[REVISION_LABEL] || manifest?.annotations?.[REVISION_LABEL] || void 0;
}

// src/core/artifacts/oci-layout.ts
var REF_NAME = "org.opencontainers.image.ref.name";
function directoryReader(repo, dir) {
  return (name) => readRepoFile(repo, join5(dir, name)).catch((error) => {
    if (error instanceof RepoPathError && error.reason === "missing") return void 0;
    throw error;
  });
}
async function archiveReader(file, shown) {
  const handle = await openRegular(file, shown);
  const entries = /* @__PURE__ */ new Map();
  try {
    const size = (await handle.stat()).size;
    const header = Buffer.alloc(512);
    let offset = 0;
    let longName;
    while (offset + 512 <= size) {
      await handle.read(header, 0, 512, offset);
      if (header.every((b) => b === 0)) break;
      const field = (start, length) => header.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
      const entrySize = Number.parseInt(field(124, 12).trim() || "0", 8);
      const type = field(156, 1);
      const prefix = field(257, 6).startsWith("ustar") ? field(345, 155) : "";
      let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
      longName = void 0;
      const dataOffset = offset + 512;
      if (type === "L" || type === "x") {
        const data = Buffer.alloc(entrySize);
        await handle.read(data, 0, entrySize, dataOffset);
        const text = data.toString("utf8");
        longName = type === "L" ? text.replace(/\0.*$/s, "") : /\d+ path=([^\n]*)\n/.exec(text)?.[1];
      } else if (type === "0" || type === "" || type === "7") {
        name = name.replace(/^\.\//, "");
        entries.set(name, { offset: dataOffset, size: entrySize });
      }
      offset = dataOffset + Math.ceil(entrySize / 512) * 512;
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  await handle.close();
  return async (name) => {
    const entry = entries.get(name);
    if (!entry) return void 0;
    const h = await openRegular(file, shown);
    try {
      const data = Buffer.alloc(entry.size);
      await h.read(data, 0, entry.size, entry.offset);
      return data;
    } finally {
      await h.close();
    }
  };
}
var blobPath = (digest) => {
  const [algorithm, hex] = digest.split(":");
  return `blobs/${algorithm}/${hex}`;
};
var json = (data, what2) => {
  if (!data) return void 0;
  try {
    return JSON.parse(data.toString("utf8"));
  } catch {
    throw new Error(`${what2} is not valid JSON`);
  }
};
async function inspectOciLayout(ref, root) {
  let read;
  if (ref.transport === "oci") read = directoryReader(root, ref.path);
  else {
    try {
      read = await archiveReader((await repoEntry(root, ref.path)).real, ref.path);
    } catch (error) {
      if (error instanceof RepoPathError && error.reason === "missing") return void 0;
      throw error;
    }
  }
  const index = json(await read("index.json"), "index.json");
  if (!index?.manifests) return void 0;
  const candidates = index.manifests;
  const chosen = ref.digest ? candidates.find((d) => d.digest === ref.digest) : ref.tag ? candidates.find((d) => d.annotations?.[REF_NAME] === ref.tag) : candidates.length === 1 ? candidates[0] : void 0;
  if (!chosen) return void 0;
  let manifest = json(await read(blobPath(chosen.digest)), chosen.digest);
  if (!manifest) return void 0;
  if (manifest.manifests) {
    const inner = pickFromIndex(manifest);
    manifest = inner && json(await read(blobPath(inner.digest)), inner.digest);
    if (!manifest) return { digest: chosen.digest };
  }
  const config = manifest.config?.digest ? json(await read(blobPath(manifest.config.digest)), manifest.config.digest) : void 0;
  return { digest: chosen.digest, revision: revisionOf(config, manifest) };
}

// src/core/artifacts/registry.ts
import { createHash as createHash6 } from "node:crypto";
var DEFAULT_TIMEOUT_MS = 1e4;
var RegistryError = class extends Error {
};
var apiHost = (domain) => domain === "docker.io" ? "registry-1.docker.io" : domain;
var schemeFor = (domain) => /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(domain) ? "http" : "https";
function parseChallenge(header) {
  const space = header.indexOf(" ");
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params = {};
  for (const m of header.slice(space + 1).matchAll(/([A-Za-z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g)) {
    params[m[1].toLowerCase()] = m[2] ?? m[3];
  }
  return { scheme, params };
}
var RegistryClient = class {
  constructor(ref, options = {}) {
    this.ref = ref;
    this.options = options;
    this.base = `${schemeFor(ref.domain)}://${apiHost(ref.domain)}/v2/${ref.repository}`;
    this.doFetch = options.fetch ?? globalThis.fetch;
  }
  ref;
  options;
  authorization;
  base;
  doFetch;
  where() {
    return `${this.ref.domain}/${this.ref.repository}`;
  }
  /**
   * One request with its bound: the timeout covers the answer and the reading of its body, so a
   * server that accepts the connection and never answers (or stops mid-body) cannot hold the stage.
   */
  async request(url, init, who) {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
    const fail = (error) => {
      if (error instanceof RegistryError) throw error;
      if (timeout.aborted) throw new RegistryError(`${who} did not answer within ${timeoutMs}ms (defaults.timeout)`);
      if (signal.aborted) throw new RegistryError(`${who} had not answered when the stage's budget ran out`);
      const e = error;
      throw new RegistryError(`cannot reach ${who} (${e.cause?.message ?? e.message})`);
    };
    const response = await this.doFetch(url, { ...init, signal }).catch(fail);
    return { response, body: () => response.arrayBuffer().then(Buffer.from, fail) };
  }
  async send(url, accept) {
    const attempt2 = () => this.request(
      url,
      {
        headers: { Accept: accept, ...this.authorization ? { Authorization: this.authorization } : {} },
        redirect: "follow"
      },
      `the registry ${this.ref.domain}`
    );
    let answer = await attempt2();
    if (answer.response.status === 401 && !this.authorization) {
      await answer.response.body?.cancel();
      await this.authenticate(answer.response.headers.get("www-authenticate") ?? "");
      answer = await attempt2();
    }
    const { status } = answer.response;
    if (status === 401 || status === 403) {
      await answer.response.body?.cancel();
      throw new RegistryError(
        `the registry refused access to ${this.where()} (HTTP ${status}); set DEPLOY_GATE_REGISTRY_USERNAME and DEPLOY_GATE_REGISTRY_PASSWORD in the environment's variables or secrets`
      );
    }
    return answer;
  }
  async authenticate(header) {
    const { scheme, params } = parseChallenge(header);
    const credentials = this.options.credentials?.(this.ref.domain);
    const basic = credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}` : void 0;
    if (scheme === "basic") {
      if (!basic) {
        throw new RegistryError(
          `the registry ${this.ref.domain} needs credentials; set DEPLOY_GATE_REGISTRY_USERNAME and DEPLOY_GATE_REGISTRY_PASSWORD in the environment's variables or secrets`
        );
      }
      this.authorization = basic;
      return;
    }
    if (scheme !== "bearer" || !params.realm) {
      throw new RegistryError(`the registry ${this.ref.domain} asks for an unsupported authentication ("${scheme}")`);
    }
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set("service", params.service);
    url.searchParams.set("scope", params.scope ?? `repository:${this.ref.repository}:pull`);
    const { response, body: read } = await this.request(
      url,
      { headers: basic ? { Authorization: basic } : {} },
      `the token service ${url.host}`
    );
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError(
        `the token service ${url.host} refused a pull token for ${this.where()} (HTTP ${response.status}); check the registry credentials`
      );
    }
    const text = (await read()).toString("utf8");
    let body = {};
    try {
      body = JSON.parse(text) ?? {};
    } catch {
    }
    const token = body.token ?? body.access_token;
    if (typeof token !== "string" || !token)
      throw new RegistryError(`the token service ${url.host} answered without a token`);
    this.authorization = `Bearer ${token}`;
  }
  async getJson(path, accept) {
    const { response, body: read } = await this.send(`${this.base}/${path}`, accept);
    if (response.status === 404) {
      await response.body?.cancel();
      return void 0;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryError(`the registry ${this.ref.domain} answered HTTP ${response.status} for ${this.where()}`);
    }
    const body = await read();
    let json2;
    try {
      json2 = JSON.parse(body.toString("utf8"));
    } catch {
      throw new RegistryError(`the registry ${this.ref.domain} sent a manifest that is not JSON for ${this.where()}`);
    }
    return { body, json: json2, digestHeader: response.headers.get("docker-content-digest") ?? void 0 };
  }
  /** The image's manifest digest and revision label; undefined when the registry does not have it. */
  async inspect() {
    const reference = this.ref.digest ?? effectiveTag(this.ref);
    const top = await this.getJson(`manifests/${reference}`, MANIFEST_TYPES.join(", "));
    if (!top) return void 0;
    const digest = `sha256:${createHash6("sha256").update(top.body).digest("hex")}`;
    if (this.ref.digest && this.ref.digest !== digest) {
      throw new RegistryError(`the registry served a manifest whose digest is not ${this.ref.digest}`);
    }
    let manifest = top.json;
    if (manifest.manifests) {
      const chosen = pickFromIndex(manifest);
      const inner = chosen && await this.getJson(`manifests/${chosen.digest}`, MANIFEST_TYPES.join(", "));
      if (!inner) return { digest };
      manifest = inner.json;
    }
    if (!manifest.config?.digest) return { digest, revision: revisionOf(void 0, manifest) };
    const config = await this.getJson(`blobs/${manifest.config.digest}`, "*/*");
    return { digest, revision: revisionOf(config?.json, manifest) };
  }
};

// src/core/artifacts/observe.ts
var DIGEST_HINT = "name:tag@sha256:\u2026";
async function observePath(artifact, repo) {
  try {
    const found = await pathDigest(repo, artifact.path);
    if (!found) {
      return {
        kind: "file",
        missing: `${artifact.path} is not there; build it before the gate runs (and check \`path\`)`
      };
    }
    return { kind: found.kind, digest: found.digest };
  } catch (error) {
    if (error instanceof RepoPathError && error.reason !== "unreadable")
      return { kind: "file", missing: error.message };
    const code = error.code ?? error.code ?? error.message;
    return { kind: "file", missing: `${artifact.path} cannot be read (${code}); fix its permissions and run again` };
  }
}
async function observeImage(image, options, resolve4) {
  const { text, missing } = interpolate(image, options.values);
  if (missing.length) return { kind: "image", missingVariables: missing };
  const layout = parseOciLayoutRef(text);
  if (layout) {
    try {
      const info2 = await inspectOciLayout(layout, options.repo);
      if (!info2) {
        return {
          kind: "image",
          missing: `the OCI layout ${layout.path}${layout.tag ? ` has no image tagged ${layout.tag}` : layout.digest ? ` has no image ${layout.digest}` : " is not there (or holds several images: name one with :TAG)"}; build it before the gate runs`
        };
      }
      return { kind: "image", ...info2 };
    } catch (error) {
      return { kind: "image", missing: `the OCI layout ${layout.path} cannot be read (${error.message})` };
    }
  }
  let ref;
  try {
    ref = parseImageRef(text);
  } catch (error) {
    if (error instanceof ImageRefError) {
      return { kind: "image", missing: `${error.message}; fix \`image\` (or the variable it names)` };
    }
    throw error;
  }
  const shown = `${ref.domain === "docker.io" ? "" : `${ref.domain}/`}${ref.repository}`;
  let info;
  if (resolve4) {
    try {
      info = await new RegistryClient(ref, options.registry).inspect();
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      return { kind: "image", missing: `${error.message}, so ${text} could not be checked` };
    }
    if (!info) {
      return {
        kind: "image",
        missing: `${text} is not in the registry ${ref.domain}; push it before the gate runs`
      };
    }
  }
  if (isMutable(ref)) {
    const tag = effectiveTag(ref);
    const pin = info ? `${shown}:${tag}@${info.digest}` : DIGEST_HINT;
    return {
      kind: "image",
      digest: info?.digest,
      revision: info?.revision,
      mutableRef: `${text} names the mutable tag "${tag}"${ref.tag ? "" : " (no tag means latest)"} without a digest, so a restart may pull another image; pin it as ${pin}`
    };
  }
  return { kind: "image", digest: info?.digest ?? ref.digest, revision: info?.revision };
}
async function observe(artifact, options) {
  if (artifact.path !== void 0) return observePath({ ...artifact, path: artifact.path }, options.repo);
  return observeImage(artifact.image ?? "", options, Boolean(artifact.resolve));
}
var artifactPlace = (loaded, index) => ({
  file: loaded.file,
  line: loaded.lineOf(["artifacts", index])
});

// src/core/mapping.ts
var isMapping = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

// src/core/artifacts/records.ts
function isDeployRecord(value) {
  if (!isMapping(value) || value.tool !== "deploy-gate" || value.version !== 1) return false;
  if (typeof value.commit !== "string" || typeof value.environment !== "string" || !isMapping(value.artifacts))
    return false;
  return Object.values(value.artifacts).every(
    (a) => isMapping(a) && typeof a.digest === "string" && typeof a.fingerprint === "string" && (a.buildKey === void 0 || typeof a.buildKey === "string")
  );
}
var HISTORY_LIMIT = 20;
var shortSha = (commit) => commit.slice(0, 7);

// src/core/artifacts/verdict.ts
var VERDICT_STATUS = {
  missing: "fail",
  "mutable-ref": "fail",
  "wrong-revision": "fail",
  "skipped-rebuild": "fail",
  "undeclared-change": "warn",
  rebuilt: "pass",
  unchanged: "pass",
  "first-deploy": "pass"
};
var COMPARISON_MESSAGE = {
  "skipped-rebuild": ({ changed, at: at2 }) => `${changed} but the artifact is byte-identical to the one deployed at ${at2}; rebuild it (the build skipped it) before deploying`,
  "undeclared-change": ({ at: at2 }) => `the artifact changed since the deploy at ${at2} but its inputs did not; declare the missing input in \`inputs\`, or make the build reproducible`,
  rebuilt: ({ changed, at: at2 }) => `${changed} and the artifact was rebuilt since the deploy at ${at2}`,
  unchanged: ({ at: at2 }) => `neither the inputs nor the artifact changed since the deploy at ${at2}`
};
function decide(facts) {
  const out = (verdict2, message) => ({ verdict: verdict2, status: VERDICT_STATUS[verdict2], message });
  if (facts.missing) return out("missing", facts.missing);
  if (facts.mutableRef) return out("mutable-ref", facts.mutableRef);
  if (facts.wrongRevision) return out("wrong-revision", facts.wrongRevision);
  const b = facts.baseline;
  if (!b) return out("first-deploy", facts.firstDeploy);
  const verdict = b.inputsChanged ? b.artifactChanged ? "rebuilt" : "skipped-rebuild" : b.artifactChanged ? "undeclared-change" : "unchanged";
  return out(verdict, COMPARISON_MESSAGE[verdict](b));
}

// src/core/artifacts/stage.ts
function registryCredentials(values) {
  const username = values.DEPLOY_GATE_REGISTRY_USERNAME;
  const password = values.DEPLOY_GATE_REGISTRY_PASSWORD;
  const credentials = username && password !== void 0 ? { username, password } : void 0;
  return () => credentials;
}
var FINGERPRINTING = "fingerprinting its inputs";
var READING_RECORDS = "reading the recorded deploys";
var applying = (opts) => (opts.loaded.config.artifacts ?? []).map((artifact, index) => ({ artifact, index })).filter(({ artifact }) => appliesTo(artifact, opts.environment));
var waitingFor = (artifact) => {
  if (artifact.path !== void 0) return `reading ${artifact.path}`;
  return artifact.resolve ? `asking the registry about ${artifact.image}` : `reading ${artifact.image}`;
};
async function budgeted(opts, work) {
  const artifacts = applying(opts);
  const progress = new Map(artifacts.map(({ artifact }) => [artifact.name, FINGERPRINTING]));
  const budget = opts.loaded.config.defaults.budget;
  const outcome = await withinBudget(parseDuration(budget), (signal) => work(signal, progress));
  if (outcome) return { done: outcome.value };
  const results = artifacts.filter(({ artifact }) => progress.has(artifact.name)).map(({ artifact, index }) => ({
    id: artifact.name,
    status: "fail",
    verdict: "timeout",
    message: `the budget of ${budget} ran out while ${progress.get(artifact.name)}, so ${artifact.name} was not checked; make that answer sooner or raise \`defaults.budget\``,
    ...artifactPlace(opts.loaded, index)
  }));
  return { timedOut: stageReport("artifacts", results, opts.strict) };
}
async function examine(opts, signal, progress) {
  const { loaded, repo, commit } = opts;
  const artifacts = applying(opts);
  const failed = new AbortController();
  const registry = {
    credentials: registryCredentials(opts.values),
    timeoutMs: parseDuration(loaded.config.defaults.timeout),
    ...opts.registry,
    signal: AbortSignal.any([signal, failed.signal])
  };
  let inputsKnown = false;
  const looked = /* @__PURE__ */ new Set();
  const seen = artifacts.map(async ({ artifact }) => {
    const observation = await observe(artifact, { repo, values: opts.values, registry });
    looked.add(artifact.name);
    if (inputsKnown) progress.set(artifact.name, READING_RECORDS);
    return observation;
  });
  const observed = Promise.all(seen);
  observed.catch(() => {
  });
  const { git: git2, ids, fingerprinted } = await fingerprintArtifacts(
    loaded,
    repo,
    commit,
    artifacts,
    opts.ignorePaths,
    opts.scan
  ).catch((error) => {
    failed.abort(error);
    throw error;
  });
  inputsKnown = true;
  for (const { artifact } of artifacts)
    progress.set(artifact.name, looked.has(artifact.name) ? READING_RECORDS : waitingFor(artifact));
  const observations = await observed;
  return { git: git2, ids, found: fingerprinted.map((a, k) => ({ ...a, seen: observations[k] })) };
}
function missingVariables(e, loaded) {
  const names = e.seen.missingVariables;
  if (!names?.length) return void 0;
  return {
    id: e.artifact.name,
    status: "fail",
    verdict: "missing-variable",
    message: `\`image\` names ${names.map((n) => `\${${n}}`).join(", ")}, which the environment does not define; add ${names.length > 1 ? "them" : "it"} to the environment's variables`,
    ...artifactPlace(loaded, e.index)
  };
}
async function wrongRevision(e, opts, git2, history, baseline) {
  const { seen, inputs } = e;
  const { commit } = opts;
  const revision = seen.revision;
  if (revision && !sameCommit(revision, commit)) {
    const other = await fingerprintAt(opts.repo, git2, revision, e.artifact.name, e.matcher, history);
    if (!other) {
      return `the image says it was built from ${shortSha(revision)}, which is not in this clone and has no record, so its inputs cannot be compared; fetch the full history (actions/checkout with fetch-depth: 0) or rebuild it from ${shortSha(commit)}`;
    }
    if (other.fingerprint !== inputs.fingerprint) {
      const paths = other.files ? changedPaths(other.files, inputs.files()) : [];
      return `the image says it was built from ${shortSha(revision)}, whose inputs differ from ${shortSha(commit)}'s${paths.length ? ` (${listPaths(paths)})` : ""}; rebuild it from ${shortSha(commit)}`;
    }
    return void 0;
  }
  if (!seen.digest || seen.digest === baseline?.digest) return void 0;
  for (const record2 of history) {
    const earlier = record2.artifacts[e.artifact.name];
    if (!earlier || earlier.digest !== seen.digest || sameCommit(record2.commit, commit)) continue;
    if (earlier.fingerprint === inputs.fingerprint) return void 0;
    return `this artifact is byte-identical to the one built from ${shortSha(record2.commit)} (deployed ${record2.recordedAt}), whose inputs differ from ${shortSha(commit)}'s; rebuild it from ${shortSha(commit)}`;
  }
  return void 0;
}
async function changedSince(e, opts, ids, baseline, prior, diffs) {
  const paths = prior.files ? changedPaths(prior.files, e.inputs.files()) : await changedSinceCommit(opts.repo, baseline.commit, opts.commit, ids, e.matcher, diffs(baseline.commit));
  if (!paths) {
    return `inputs changed since ${shortSha(baseline.commit)} (to name the changed paths the clone needs that commit: use fetch-depth: 0)`;
  }
  return `inputs changed (${listPaths(paths)})`;
}
async function verdictFor(e, opts, evidence, latest, history, diffs) {
  const place = artifactPlace(opts.loaded, e.index);
  const variables = missingVariables(e, opts.loaded);
  if (variables) return variables;
  const baseline = baselineOf(e.artifact.name, latest, history);
  const prior = baseline?.artifacts[e.artifact.name];
  const facts = {
    missing: e.seen.missing,
    mutableRef: e.seen.mutableRef,
    firstDeploy: `no deploy of ${e.artifact.name} to ${opts.environment} is recorded yet; after deploying, ${opts.howToRun("record", opts.environment)}`
  };
  if (!facts.missing && !facts.mutableRef) {
    facts.wrongRevision = await wrongRevision(e, opts, evidence.git, history, prior);
  }
  if (baseline && prior && e.seen.digest) {
    const inputsChanged = prior.fingerprint !== e.inputs.fingerprint;
    facts.baseline = {
      inputsChanged,
      artifactChanged: prior.digest !== e.seen.digest,
      changed: inputsChanged ? await changedSince(e, opts, evidence.ids, baseline, prior, diffs) : "",
      at: shortSha(baseline.commit)
    };
  }
  return { id: e.artifact.name, ...decide(facts), ...place };
}
var baselineOf = (name, latest, history) => [latest, ...history].find((record2) => record2?.artifacts[name]);
function treeDiffs(opts, signal) {
  const asked = /* @__PURE__ */ new Map();
  return (since) => {
    let diff = asked.get(since);
    if (!diff) {
      diff = committedChanges(opts.repo, since, opts.commit, signal);
      asked.set(since, diff);
    }
    return diff;
  };
}
async function runArtifactsStage(opts) {
  const outcome = await budgeted(opts, async (signal, progress) => {
    const unwanted = new AbortController();
    const reading = AbortSignal.any([signal, unwanted.signal]);
    const records = Promise.all([
      opts.baseline.latest(opts.environment, reading),
      opts.baseline.history(opts.environment, reading)
    ]);
    const diffs = treeDiffs(opts, reading);
    records.then(([latest2, history2]) => {
      for (const { artifact } of applying(opts)) {
        const baseline = baselineOf(artifact.name, latest2, history2);
        if (baseline && !baseline.artifacts[artifact.name].files && !sameCommit(baseline.commit, opts.commit))
          diffs(baseline.commit).catch(() => {
          });
      }
    }).catch(() => {
    });
    const evidence = await examine(opts, signal, progress).catch((error) => {
      unwanted.abort(error);
      throw error;
    });
    opts.log?.(`artifacts: ${evidence.found.length} artifact(s) at ${shortSha(opts.commit)} for ${opts.environment}`);
    const [latest, history] = await records;
    const results = [];
    for (const e of evidence.found) {
      progress.set(e.artifact.name, "comparing it with the recorded deploys");
      results.push(await verdictFor(e, opts, evidence, latest, history, diffs));
      progress.delete(e.artifact.name);
    }
    return { ...stageReport("artifacts", results, opts.strict), digests: digestsOf(evidence.found) };
  });
  return "done" in outcome ? outcome.done : outcome.timedOut;
}
var digestsOf = (found) => Object.fromEntries(found.flatMap((e) => e.seen.digest ? [[e.artifact.name, e.seen.digest]] : []));
function notChecked(checked, e, commit) {
  if (!checked) return void 0;
  const refuse = (verdict, message) => ({ verdict, message });
  if (!sameCommit(checked.commit, commit)) {
    return refuse(
      "not-checked",
      `not recorded: the gate checked ${shortSha(checked.commit)}, but this is ${shortSha(commit)}; record the commit the gate checked, or gate this one`
    );
  }
  const expected = checked.artifacts[e.artifact.name];
  if (!expected) {
    return refuse(
      "not-checked",
      `not recorded: the gate checked no digest of ${e.artifact.name} at ${shortSha(commit)}; pass the gate job's \`checked\` output to record`
    );
  }
  if (expected !== e.seen.digest) {
    return refuse(
      "digest-changed",
      `not recorded: its digest ${e.seen.digest?.slice(0, 19)}\u2026 is not the ${expected.slice(0, 19)}\u2026 the gate checked at ${shortSha(commit)}, so what was deployed is not what was checked; gate and deploy it again`
    );
  }
  return void 0;
}
function recordable(e, opts, asked) {
  const variables = missingVariables(e, opts.loaded);
  if (variables) return { refusal: variables };
  const { missing, digest, mutableRef } = e.seen;
  const refuse = (verdict, message) => ({
    refusal: { id: e.artifact.name, status: "fail", verdict, message, ...artifactPlace(opts.loaded, e.index) }
  });
  if (missing) return refuse("missing", `not recorded: ${missing}`);
  if (!digest) return refuse("mutable-ref", `not recorded: ${mutableRef ?? "its digest cannot be known"}`);
  const unchecked = notChecked(opts.checked, e, opts.commit);
  if (unchecked) return refuse(unchecked.verdict, unchecked.message);
  if (asked && !asked.ok)
    return refuse(asked.verdict, `not recorded: the build key could not be read: ${asked.message}`);
  return { digest, ...asked?.ok ? { buildKey: asked.prediction.key } : {} };
}
function decideRecord(opts, found, keys) {
  const limit = opts.maxRecordedPaths ?? 5e3;
  const refusals = [];
  const artifacts = {};
  for (const e of found) {
    const decided = recordable(e, opts, keys.get(e.artifact.name));
    if ("refusal" in decided) {
      refusals.push(decided.refusal);
      continue;
    }
    artifacts[e.artifact.name] = {
      kind: e.seen.kind,
      digest: decided.digest,
      fingerprint: e.inputs.fingerprint,
      // One input is one path: the paths are built only when the record can carry them.
      ...e.inputs.count <= limit ? { files: e.inputs.files() } : {},
      ...e.seen.revision ? { revision: e.seen.revision } : {},
      ...decided.buildKey !== void 0 ? { buildKey: decided.buildKey } : {}
    };
  }
  if (refusals.length) {
    const skipped = found.filter((e) => artifacts[e.artifact.name]).map((e) => ({
      id: e.artifact.name,
      status: "pass",
      verdict: "not-recorded",
      message: `not recorded because another artifact could not be; fix that and run record again`,
      ...artifactPlace(opts.loaded, e.index)
    }));
    return { refused: stageReport("artifacts", [...refusals, ...skipped]) };
  }
  return {
    record: {
      tool: "deploy-gate",
      version: 1,
      environment: opts.environment,
      commit: opts.commit,
      recordedAt: (opts.now?.() ?? /* @__PURE__ */ new Date()).toISOString(),
      artifacts
    }
  };
}
async function recordArtifacts(opts) {
  const outcome = await budgeted(opts, async (signal, progress) => {
    const predicting = applying(opts).map((a) => a.artifact).filter(predicts);
    const keys = askAll(predicting, { repo: opts.repo, env: opts.processEnv ?? process.env, signal });
    keys.catch(() => {
    });
    const { found: found2 } = await examine(opts, signal, progress);
    return { ...decideRecord(opts, found2, await keys), found: found2 };
  });
  if ("timedOut" in outcome) return { stage: outcome.timedOut };
  if (outcome.done.refused) return { stage: outcome.done.refused };
  const { record: record2, found } = outcome.done;
  await opts.baseline.save(opts.environment, record2);
  const results = found.map((e) => ({
    id: e.artifact.name,
    status: "pass",
    verdict: "recorded",
    message: `recorded ${record2.artifacts[e.artifact.name].digest.slice(0, 19)}\u2026 at ${shortSha(record2.commit)} as the baseline for ${opts.environment}`,
    ...artifactPlace(opts.loaded, e.index)
  }));
  return { stage: stageReport("artifacts", results), record: record2 };
}

// src/core/stages/artifacts.ts
var artifactsOptions = ({ host, prepared, commit, scan }) => ({
  loaded: prepared.loaded,
  environment: prepared.environment.name,
  repo: host.repo,
  commit,
  values: prepared.environment.values,
  baseline: host.baseline(),
  howToRun: host.howToRun,
  ignorePaths: host.ignorePaths,
  maxRecordedPaths: host.maxRecordedPaths,
  checked: host.checked,
  strict: host.strict,
  log: host.log,
  processEnv: host.processEnv,
  scan
});
var applies = (loaded, environment) => (loaded.config.artifacts ?? []).some((artifact) => appliesTo(artifact, environment.name));
var artifactsPart = {
  name: "artifacts",
  nothing: "no artifact",
  applies,
  readsWorkTree: true,
  run: (run) => runArtifactsStage(artifactsOptions(run))
};
var recordPart = {
  name: "artifacts",
  nothing: "no artifact",
  applies,
  readsWorkTree: true,
  run: async (run) => (await recordArtifacts(artifactsOptions(run))).stage
};

// src/core/predict/verdict.ts
var PREDICT_STATUS = {
  "predicted-skip": "fail",
  "undeclared-build-input": "warn",
  "predicted-rebuild": "pass",
  "first-deploy": "pass",
  unchanged: "pass",
  "predict-failed": "fail",
  timeout: "fail"
};
function showKey(key) {
  const value = key.slice(key.indexOf(":") + 1);
  return value.split(" ").map((part) => (part.includes("/") ? part.slice(part.lastIndexOf("/") + 1) : part).slice(0, 12)).join(" ");
}
var them = (paths) => paths.length === 1 ? "it" : "them";
function decidePrediction(facts) {
  const out = (verdict, message) => ({ verdict, status: PREDICT_STATUS[verdict], message });
  const { prediction: p, baseline: b, undeclared } = facts;
  const key = showKey(p.key);
  if (b?.inputsChanged) {
    const files = p.files;
    const ignored = files && b.changed ? b.changed.filter((path) => b.present(path) && !files.has(path)) : [];
    const drop = (paths) => `, or drop ${them(paths)} from \`inputs\` if the build truly does not need ${them(paths)}`;
    if (ignored.length) {
      return out(
        "predicted-skip",
        `${listPaths(ignored)} changed since the deploy at ${b.at}, but ${p.subject} does not count ${them(ignored)}, so the build would not rebuild for ${them(ignored)}; ${p.fix(them(ignored))}${drop(ignored)}`
      );
    }
    if (b.key === p.key) {
      const changed2 = b.changed ?? [];
      const named = changed2.length ? ` (${listPaths(changed2)})` : " (to name them the clone needs that commit: use fetch-depth: 0)";
      return out(
        "predicted-skip",
        `inputs changed since the deploy at ${b.at}${named}, but ${p.subject} keeps the same build key (${key}), so the build would skip the change; ${p.fix(changed2.length ? them(changed2) : "them")}${changed2.length ? drop(changed2) : ""}`
      );
    }
  }
  if (undeclared.length) {
    return out(
      "undeclared-build-input",
      `${p.subject} counts ${listPaths(undeclared)}, which \`inputs\` do not declare, so the artifacts stage could miss a change to ${them(undeclared)}; add ${them(undeclared)} to \`inputs\``
    );
  }
  if (b && !b.inputsChanged && b.key !== void 0 && b.key !== p.key) {
    return out(
      "undeclared-build-input",
      `${p.subject}'s build key changed since the deploy at ${b.at} (${showKey(b.key)} to ${key}) but \`inputs\` did not; declare what the build reads in \`inputs\`, so the artifacts stage sees it too`
    );
  }
  if (!b) return out("first-deploy", facts.firstDeploy);
  if (!b.inputsChanged) {
    return out(
      "unchanged",
      b.key === void 0 ? `the inputs did not change since the deploy at ${b.at} (which recorded no build key to compare)` : `neither the inputs nor ${p.subject}'s build key changed since the deploy at ${b.at}`
    );
  }
  const changed = b.changed?.length ? ` (${listPaths(b.changed)})` : "";
  if (b.key !== void 0) {
    return out(
      "predicted-rebuild",
      `inputs changed since the deploy at ${b.at}${changed} and ${p.subject}'s build key changed (${showKey(b.key)} to ${key}), so the build will rebuild it`
    );
  }
  if (p.files && b.changed) {
    return out(
      "predicted-rebuild",
      `inputs changed since the deploy at ${b.at}${changed} and ${p.subject} counts every one of them, so the build will rebuild it`
    );
  }
  return out("first-deploy", b.noKey);
}

// src/core/predict/stage.ts
var applying2 = (opts) => (opts.loaded.config.artifacts ?? []).map((artifact, index) => ({ artifact, index })).filter((a) => predicts(a.artifact)).filter(({ artifact }) => appliesTo(artifact, opts.environment));
async function baselineFacts(e, opts, records, ids) {
  const carrier = records.find((record2) => record2.artifacts[e.artifact.name]);
  const prior = carrier?.artifacts[e.artifact.name];
  if (!carrier || !prior) return void 0;
  const now = e.inputs.files();
  const inputsChanged = prior.fingerprint !== e.inputs.fingerprint;
  const changed = !inputsChanged ? void 0 : prior.files ? changedPaths(prior.files, now) : await changedSinceCommit(opts.repo, carrier.commit, "HEAD", ids, e.matcher);
  const at2 = shortSha(carrier.commit);
  return {
    at: at2,
    inputsChanged,
    changed,
    present: (path) => Object.hasOwn(now, path),
    key: prior.buildKey,
    noKey: `the deploy at ${at2} was recorded without a build key, so there is nothing to compare the build system's answer with; after deploying, ${opts.howToRun("record", opts.environment)}`
  };
}
function resultFor(e, asked, baseline, opts) {
  const place = artifactPlace(opts.loaded, e.index);
  if (!asked.ok)
    return { id: e.artifact.name, status: "fail", verdict: asked.verdict, message: asked.message, ...place };
  const files = asked.prediction.files;
  const undeclared = files ? [...files].filter((path) => e.matcher.match(path) < 0).sort() : [];
  const decided = decidePrediction({
    prediction: asked.prediction,
    undeclared,
    baseline,
    firstDeploy: `no deploy of ${e.artifact.name} to ${opts.environment} is recorded yet; after deploying, ${opts.howToRun("record", opts.environment)}`
  });
  return { id: e.artifact.name, ...decided, ...place };
}
async function runPredictStage(opts) {
  const artifacts = applying2(opts);
  const budget = opts.loaded.config.defaults.budget;
  const outcome = await withinBudget(parseDuration(budget), async (signal) => {
    const answers = askAll(
      artifacts.map((a) => a.artifact),
      { repo: opts.repo, env: opts.processEnv ?? process.env, signal }
    );
    answers.catch(() => {
    });
    const [{ fingerprinted, ids }, latest, history] = await Promise.all([
      fingerprintArtifacts(opts.loaded, opts.repo, "HEAD", artifacts, opts.ignorePaths),
      opts.baseline.latest(opts.environment, signal),
      opts.baseline.history(opts.environment, signal)
    ]);
    const records = latest ? [latest, ...history] : history;
    const baselines = await Promise.all(fingerprinted.map((e) => baselineFacts(e, opts, records, ids)));
    const asked = await answers;
    opts.log?.(`predict: ${fingerprinted.length} artifact(s) for ${opts.environment}`);
    return fingerprinted.map((e, k) => resultFor(e, asked.get(e.artifact.name), baselines[k], opts));
  });
  if (outcome) return stageReport("predict", outcome.value, opts.strict);
  const results = artifacts.map(({ artifact, index }) => ({
    id: artifact.name,
    status: "fail",
    verdict: "timeout",
    message: `the budget of ${budget} ran out while asking the build system about ${artifact.name}; make it answer sooner or raise \`defaults.budget\``,
    ...artifactPlace(opts.loaded, index)
  }));
  return stageReport("predict", results, opts.strict);
}

// src/core/stages/predict.ts
var predictPart = {
  name: "predict",
  nothing: "no artifact with `predict`",
  applies: (loaded, environment) => (loaded.config.artifacts ?? []).some((artifact) => artifact.predict && appliesTo(artifact, environment.name)),
  run: ({ host, prepared }) => runPredictStage({
    loaded: prepared.loaded,
    environment: prepared.environment.name,
    repo: host.repo,
    baseline: host.baseline(),
    howToRun: host.howToRun,
    processEnv: host.processEnv,
    ignorePaths: host.ignorePaths,
    strict: host.strict,
    log: host.log
  })
};

// src/core/preflight/aws/errors.ts
var DENIED = /* @__PURE__ */ new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess"]);
var REFUSED = /* @__PURE__ */ new Set([
  "AuthFailure",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "ExpiredToken",
  "ExpiredTokenException",
  "RequestExpired",
  "SignatureDoesNotMatch",
  "InvalidSignatureException"
]);
var NETWORK = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH"
]);
var noCredentials = (error) => error?.name === "CredentialsProviderError";
var noRegion = (error) => /region is missing/i.test(error?.message ?? "");
function describeFailure(error, action, where2) {
  const e = error;
  const name = e?.name ?? "Error";
  const status = e?.$metadata?.httpStatusCode;
  if (DENIED.has(name) || status === 403 && !REFUSED.has(name)) {
    return {
      verdict: "access-denied",
      message: `the credentials may not call ${action} (${DENIED.has(name) ? name : "HTTP 403"}); grant the role "${action}" (the README lists the check's least-privilege policy)`
    };
  }
  if (REFUSED.has(name)) {
    return {
      verdict: "access-denied",
      message: `AWS refused the credentials for ${action} (${name}); they are unknown, expired or for another partition: refresh them for the target account`
    };
  }
  if (e?.code && NETWORK.has(e.code) || name === "TimeoutError") {
    return {
      verdict: "unreachable",
      message: `cannot reach ${where2} for ${action} (${e.code ?? name}); check the region, the endpoint and this runner's network`
    };
  }
  return {
    verdict: "unreachable",
    message: `${where2} answered ${name}${status ? ` (HTTP ${status})` : ""} to ${action}, so the check proved nothing; check the region and the values`
  };
}

// src/core/preflight/aws/session.ts
var ENDPOINT_ENV = {
  ec2: "EC2",
  ssm: "SSM",
  secretsmanager: "SECRETS_MANAGER",
  sts: "STS"
};
var SERVICE_NAME = {
  ec2: "EC2",
  ssm: "SSM",
  secretsmanager: "Secrets Manager",
  sts: "STS"
};
function endpoints(explicit, env) {
  const out = {};
  for (const [service, suffix] of Object.entries(ENDPOINT_ENV)) {
    const url = explicit?.trim() || env[`AWS_ENDPOINT_URL_${suffix}`]?.trim() || env.AWS_ENDPOINT_URL?.trim();
    if (url) out[service] = url;
  }
  return out;
}
var configuredRegion = (explicit, env) => explicit?.trim() || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || void 0;
async function awsRegions(settings) {
  const { AwsRegion } = await import("./sdk-IG7UH5P2.js");
  const made = /* @__PURE__ */ new Map();
  return (region = settings.region) => {
    const key = region ?? "";
    let clients = made.get(key);
    if (!clients) {
      clients = new AwsRegion({ ...settings, region });
      made.set(key, clients);
    }
    return clients;
  };
}

// src/core/preflight/aws/account.ts
async function callerAccount(options) {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const region = configuredRegion(options.region, options.processEnv) ?? "us-east-1";
  const clients = await awsRegions({
    region,
    endpoints: endpoints(options.endpoint, options.processEnv),
    signal,
    timeoutMs: options.timeoutMs
  });
  try {
    return { account: await clients().account() };
  } catch (error) {
    if (signal.aborted) return { problem: `STS did not answer GetCallerIdentity within ${options.timeoutMs}ms` };
    if (noCredentials(error)) return { problem: "no AWS credentials were found (environment, web identity, profile)" };
    return { problem: describeFailure(error, "sts:GetCallerIdentity", `STS in ${region}`).message };
  }
}

// src/core/preflight/identity.ts
async function checkIdentity(options) {
  const { identity, environment } = options;
  const notRun = `${options.pending} check${options.pending === 1 ? " was" : "s were"} not run`;
  const fail = (why) => result(
    "identity",
    "wrong-target",
    `${why}; ${notRun}. Point the credentials at "${environment.name}"`,
    options.place
  );
  const aws = identity.aws_account !== void 0;
  const field = aws ? "identity.aws_account" : "identity.equals";
  const expected = interpolate((aws ? identity.aws_account : identity.equals) ?? "", environment.values);
  if (expected.missing.length) {
    return fail(
      `${field} uses \${${expected.missing.join("}, ${")}}, which environment "${environment.name}" does not define`
    );
  }
  if (!expected.text.trim()) {
    return fail(
      `${field} is empty once interpolated (a variable it uses is empty in environment "${environment.name}"), so it cannot prove the target; give it a value`
    );
  }
  if (aws) return awsIdentity(options, expected.text.trim(), fail);
  const timer = AbortSignal.timeout(options.timeoutMs);
  const outcome = await execProgram("sh", ["-c", identity.run], {
    cwd: options.repo,
    env: commandEnv(options.processEnv, environment.values),
    signal: timer
  });
  const shown = `\`${excerpt(identity.run, 80)}\``;
  if (outcome.kind === "aborted") return fail(`identity command ${shown} did not finish within ${options.timeoutMs}ms`);
  if (outcome.kind === "not-started") return fail(`identity command ${shown} could not start: ${outcome.reason}`);
  if (outcome.code !== 0) {
    return fail(`identity command ${shown} exited ${outcome.code}${outputTail(outcome.stdout, outcome.stderr)}`);
  }
  const got = outcome.stdout.trim();
  if (got !== expected.text.trim()) {
    return fail(
      `identity command ${shown} printed "${excerpt(got, 80)}", expected "${expected.text.trim()}": the checks would talk to another environment`
    );
  }
  return result("identity", "passed", `identity confirmed: this is "${environment.name}" (${got})`);
}
async function awsIdentity(options, expected, fail) {
  const { identity, environment } = options;
  if (!/^\d{12}$/.test(expected)) {
    return fail(`identity.aws_account is "${excerpt(expected, 40)}", not a 12-digit AWS account id`);
  }
  const outcome = await callerAccount({
    region: identity.region && interpolate(identity.region, environment.values).text,
    endpoint: identity.endpoint && interpolate(identity.endpoint, environment.values).text,
    processEnv: options.processEnv,
    timeoutMs: options.timeoutMs
  });
  if ("problem" in outcome) return fail(`the AWS account could not be checked: ${outcome.problem}`);
  if (outcome.account !== expected) {
    return fail(
      `the AWS credentials belong to account ${outcome.account}, expected ${expected}: the checks would talk to another account`
    );
  }
  return result(
    "identity",
    "passed",
    `identity confirmed: this is "${environment.name}" (AWS account ${outcome.account})`
  );
}

// src/core/preflight/runner.ts
import { setMaxListeners } from "node:events";

// src/core/preflight/aws/resources.ts
var HEX_ID = "[0-9a-f]{8}(?:[0-9a-f]{9})?";
var ARN = (service, rest) => new RegExp(`^arn:aws(?:-[a-z]+)*:${service}:([a-z]{2}(?:-[a-z]+)+-\\d):\\d{12}:${rest}$`);
var SSM_ARN = ARN("ssm", "parameter/(.+)");
var SECRET_ARN = ARN("secretsmanager", "secret:.+");
var LOOKS_LIKE = [
  ["ec2-image", new RegExp(`^ami-${HEX_ID}$`)],
  ["security-group", new RegExp(`^sg-${HEX_ID}$`)],
  ["subnet", new RegExp(`^subnet-${HEX_ID}$`)],
  ["vpc", new RegExp(`^vpc-${HEX_ID}$`)],
  ["ssm-parameter", SSM_ARN],
  ["secret", SECRET_ARN]
];
var kindOf = (value) => LOOKS_LIKE.find(([, re]) => re.test(value))?.[0];
function awsValues(value) {
  const items = value.trim().split(/\s*,\s*|\s+/);
  const kinds = items.map(kindOf);
  return items.length && kinds.every(Boolean) ? items.map((id, i) => ({ kind: kinds[i], id })) : [];
}
var arnRegion = (kind, id) => (kind === "ssm-parameter" ? SSM_ARN : kind === "secret" ? SECRET_ARN : void 0)?.exec(id)?.[1];
function parameterName(id) {
  const path = SSM_ARN.exec(id)?.[2];
  if (path === void 0) return id;
  return path.includes("/") ? `/${path}` : path;
}
var resourceId = (check, r) => `${check}:${r.kind}:${r.vpc ? `${r.vpc}/` : ""}${r.id}`;
function plannedResources(check, environment) {
  const byKey = /* @__PURE__ */ new Map();
  const unresolved = [];
  const add = (r) => {
    const key = resourceId("", r);
    const known = byKey.get(key);
    if (known) {
      for (const name of r.from) if (!known.from.includes(name)) known.from.push(name);
      return;
    }
    const region = arnRegion(r.kind, r.id);
    byKey.set(key, { ...r, ...region ? { region } : {} });
  };
  for (const entry of check.exists ?? []) {
    const kind = AWS_KINDS.find((k) => entry[k] !== void 0);
    const written = entry[kind];
    const value = interpolate(written, environment.values);
    const vpc = entry.vpc === void 0 ? void 0 : interpolate(entry.vpc, environment.values);
    const missing = [...value.missing, ...vpc?.missing ?? []];
    if (missing.length) {
      unresolved.push({ kind, written, missing });
      continue;
    }
    const from = referencedNames(written);
    const id = value.text.trim();
    add({
      kind,
      id,
      from,
      ...kind === "security-group" && vpc && !id.startsWith("sg-") ? { vpc: vpc.text.trim() } : {}
    });
  }
  if (check.discover) {
    for (const [name, value] of Object.entries(environment.values)) {
      for (const found of awsValues(value)) add({ ...found, from: [name] });
    }
  }
  return { resources: [...byKey.values()], unresolved };
}

// src/core/preflight/aws/batches.ts
var EC2_FILTER_VALUES = 200;
var SSM_FILTER_VALUES = 50;
var chunks = (items, size) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
var byId = (r) => r.id;
function batched(resources, size, make) {
  const groups = /* @__PURE__ */ new Map();
  for (const r of resources) {
    const group = `${r.region ?? ""}\0${r.vpc ?? ""}`;
    groups.set(group, [...groups.get(group) ?? [], r]);
  }
  return [...groups.values()].flatMap(
    (group) => chunks(group, size).map((slice) => ({ ...make(slice), resources: slice, region: slice[0].region }))
  );
}
function planBatches(resources) {
  const of = (kind) => resources.filter((r) => r.kind === kind);
  const groups = of("security-group");
  return [
    ...batched(of("ec2-image"), EC2_FILTER_VALUES, (g) => ({
      service: "ec2",
      action: "ec2:DescribeImages",
      key: byId,
      lookup: (aws) => aws.images(g.map(byId))
    })),
    ...batched(
      groups.filter((r) => !r.vpc),
      EC2_FILTER_VALUES,
      (g) => ({
        service: "ec2",
        action: "ec2:DescribeSecurityGroups",
        key: byId,
        lookup: (aws) => aws.securityGroups({ ids: g.map(byId) })
      })
    ),
    ...batched(
      groups.filter((r) => r.vpc),
      EC2_FILTER_VALUES,
      (g) => ({
        service: "ec2",
        action: "ec2:DescribeSecurityGroups",
        key: byId,
        lookup: (aws) => aws.securityGroups({ names: g.map(byId), vpc: g[0].vpc })
      })
    ),
    ...batched(of("subnet"), EC2_FILTER_VALUES, (g) => ({
      service: "ec2",
      action: "ec2:DescribeSubnets",
      key: byId,
      lookup: (aws) => aws.subnets(g.map(byId))
    })),
    ...batched(of("vpc"), EC2_FILTER_VALUES, (g) => ({
      service: "ec2",
      action: "ec2:DescribeVpcs",
      key: byId,
      lookup: (aws) => aws.vpcs(g.map(byId))
    })),
    ...batched(of("ssm-parameter"), SSM_FILTER_VALUES, (g) => ({
      service: "ssm",
      action: "ssm:DescribeParameters",
      key: (r) => parameterName(r.id),
      lookup: (aws) => aws.parameters([...new Set(g.map((r) => parameterName(r.id)))])
    })),
    ...of("secret").map((r) => ({
      service: "secretsmanager",
      action: "secretsmanager:DescribeSecret",
      region: r.region,
      resources: [r],
      key: byId,
      lookup: async (aws) => {
        const found = await aws.secret(r.id);
        return new Map(found ? [[r.id, found]] : []);
      }
    }))
  ];
}

// src/core/preflight/pool.ts
function createPool(size, signal) {
  let running = 0;
  const waiting = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return async (task) => {
    if (running >= size) await new Promise((resolve4) => waiting.push(resolve4));
    running++;
    try {
      if (signal.aborted) throw signal.reason;
      return await task();
    } finally {
      release();
    }
  };
}

// src/core/preflight/checks/aws.ts
var KIND_NAME = {
  "ec2-image": "AMI",
  "security-group": "security group",
  subnet: "subnet",
  vpc: "VPC",
  "ssm-parameter": "SSM parameter",
  secret: "secret"
};
async function awsCheck(check, ctx) {
  const env = ctx.environment;
  const { resources, unresolved } = plannedResources(check, env);
  const out = unresolved.map(
    (u) => result(
      resourceId(check.id, { kind: u.kind, id: u.written }),
      "missing-variable",
      `the ${KIND_NAME[u.kind]} "${u.written}" uses ${undefinedIn(u.missing, env.name)}`
    )
  );
  const origin = (r) => {
    const name = r.from[0];
    const sourced = name === void 0 ? void 0 : env.variables[name];
    return {
      said: r.from.length ? ` (from ${r.from.join(", ")}${sourced ? `, ${describeOrigin(sourced)}` : ""})` : "",
      place: sourced?.file ? { file: sourced.file, line: sourced.line } : {}
    };
  };
  const shown = (r) => `${KIND_NAME[r.kind]} ${r.vpc ? `"${r.id}" in ${r.vpc}` : r.id}`;
  const checkable = resources.filter((r) => {
    if (r.id && (r.kind !== "security-group" || r.vpc || r.id.startsWith("sg-"))) return true;
    const { said, place } = origin(r);
    const why = r.id ? `is a name, unique only within a VPC: give \`vpc:\` beside it, or use its sg- id` : "is empty; set the variable it comes from";
    out.push(result(resourceId(check.id, r), "missing-resource", `the ${shown(r)}${said} ${why}`, place));
    return false;
  });
  if (checkable.length === 0) {
    if (out.length === 0) {
      out.push(
        result(
          check.id,
          "missing-resource",
          `no AWS resource to check: no \`exists\` entry, and no variable of "${env.name}" looks like an AWS id; list the resources under \`exists\``
        )
      );
    }
    return out;
  }
  const region = configuredRegion(check.region, ctx.processEnv);
  const clients = await awsRegions({
    region,
    endpoints: endpoints(check.endpoint, ctx.processEnv),
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs
  });
  try {
    await clients().ready();
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (noCredentials(error)) {
      return [
        ...out,
        result(
          check.id,
          "wrong-target",
          `no AWS credentials were found (environment, web identity, profile), so no resource was checked; give the job the target account's read-only role (aws-actions/configure-aws-credentials with \`id-token: write\`)`
        )
      ];
    }
    if (noRegion(error)) {
      return [
        ...out,
        result(check.id, "unreachable", "no AWS region is configured; set `region:` on the check, or AWS_REGION")
      ];
    }
    throw error;
  }
  const pool = createPool(ctx.concurrency, ctx.signal);
  const verdicts = /* @__PURE__ */ new Map();
  const prove = async (batch) => {
    const where2 = `${SERVICE_NAME[batch.service]} in ${batch.region ?? region ?? "the SDK's region"}`;
    let found;
    try {
      found = await batch.lookup(clients(batch.region));
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const failure = describeFailure(error, batch.action, where2);
      for (const r of batch.resources) {
        const { said, place } = origin(r);
        verdicts.set(
          r,
          result(resourceId(check.id, r), failure.verdict, `${shown(r)}${said}: ${failure.message}`, place)
        );
      }
      return;
    }
    for (const r of batch.resources) {
      const { said, place } = origin(r);
      const hit = found.get(batch.key(r));
      const id = resourceId(check.id, r);
      verdicts.set(
        r,
        hit === void 0 ? result(
          id,
          "missing-resource",
          `${shown(r)}${said} does not exist in ${where2} for these credentials; create it there, or fix the value`,
          place
        ) : hit.unavailable ? result(id, "resource-unavailable", `${shown(r)}${said} exists but ${hit.unavailable}`, place) : result(id, "passed", `${shown(r)} exists in ${where2}`)
      );
    }
  };
  await Promise.all(planBatches(checkable).map((batch) => pool(() => prove(batch))));
  return [...out, ...checkable.map((r) => verdicts.get(r))];
}

// src/core/preflight/checks/dns.ts
import { promises as dns } from "node:dns";

// src/core/preflight/private-address.ts
import { isIPv4, isIPv6 } from "node:net";
var v4 = (ip) => ip.split(".").map(Number);
function privateV4(ip) {
  const [a, b] = v4(ip);
  return a === 10 || // RFC 1918
  a === 172 && b >= 16 && b <= 31 || a === 192 && b === 168 || a === 127 || // loopback
  a === 169 && b === 254;
}
function hextets(ip) {
  const [head, tail2] = ip.includes("::") ? ip.split("::") : [ip, void 0];
  const part = (s) => s ? s.split(":") : [];
  let h = part(head);
  let t = part(tail2);
  const last = (t.length ? t : h).at(-1);
  if (last?.includes(".")) {
    const [a, b, c, d] = v4(last);
    const extra = [(a << 8 | b).toString(16), (c << 8 | d).toString(16)];
    if (t.length) t = [...t.slice(0, -1), ...extra];
    else h = [...h.slice(0, -1), ...extra];
  }
  const fill = tail2 === void 0 ? [] : Array(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((x) => Number.parseInt(x || "0", 16));
}
function privateV6(ip) {
  const h = hextets(ip.split("%")[0].toLowerCase());
  if (h.slice(0, 7).every((x) => x === 0) && h[7] === 1) return true;
  if ((h[0] & 65024) === 64512) return true;
  if ((h[0] & 65472) === 65152) return true;
  if (h.slice(0, 5).every((x) => x === 0) && h[5] === 65535) {
    return privateV4(`${h[6] >> 8}.${h[6] & 255}.${h[7] >> 8}.${h[7] & 255}`);
  }
  return false;
}
function isPrivateAddress(ip) {
  if (isIPv4(ip)) return privateV4(ip);
  if (isIPv6(ip)) return privateV6(ip);
  return false;
}

// src/core/preflight/checks/dns.ts
var NOT_FOUND = /* @__PURE__ */ new Set(["ENOTFOUND", "ENODATA", "NXDOMAIN", "ENONAME", "EAI_NONAME"]);
async function askServer(host, server, ctx) {
  const resolver = new dns.Resolver({ timeout: Math.max(1, ctx.timeoutMs), tries: 1 });
  resolver.setServers([server]);
  const onAbort = () => resolver.cancel();
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  try {
    const answers = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const addresses = answers.flatMap((a) => a.status === "fulfilled" ? a.value : []);
    if (addresses.length) return addresses;
    const errors = answers.map((a) => a.reason);
    throw errors.find((e) => !NOT_FOUND.has(e.code ?? "")) ?? errors[0];
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
  }
}
async function askSystem(host) {
  const answers = await dns.lookup(host, { all: true, verbatim: true });
  return answers.map((a) => a.address);
}
async function resolveAddresses(host, server, ctx) {
  const addresses = server ? await askServer(host, server, ctx) : await askSystem(host);
  return [...new Set(addresses)];
}
async function dnsCheck(check, ctx) {
  if (!check.host.trim()) return [result(check.id, "unresolvable", "the host is empty; set the variable it names")];
  const via = check.server ? ` (asking ${check.server})` : "";
  let addresses;
  try {
    addresses = await resolveAddresses(check.host, check.server, ctx);
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const code = error.code ?? error.message;
    if (NOT_FOUND.has(code)) {
      return [
        result(
          check.id,
          "unresolvable",
          `${check.host} does not resolve${via} (${code}); create the record (private DNS for a VPC endpoint?) or fix the name`
        )
      ];
    }
    if (code === "ETIMEOUT") {
      return [
        result(
          check.id,
          "timeout",
          `no DNS answer for ${check.host}${via} within ${ctx.timeoutMs}ms; check that the DNS server is up and reachable from here`
        )
      ];
    }
    return [
      result(
        check.id,
        "unreachable",
        `could not resolve ${check.host}${via}: the DNS server failed (${code}); check the resolver and the network`
      )
    ];
  }
  if (check.private) {
    const publicOnes = addresses.filter((a) => !isPrivateAddress(a));
    if (publicOnes.length) {
      return [
        result(
          check.id,
          "not-private",
          `${check.host} resolves to public address${publicOnes.length > 1 ? "es" : ""} ${publicOnes.join(", ")}${via}; enable private DNS for the endpoint so traffic stays inside the network`
        )
      ];
    }
  }
  return [result(check.id, "passed", `${check.host} resolves to ${addresses.join(", ")}${via}`)];
}

// src/core/preflight/placeholders.ts
function placeholderReason(value) {
  const v = value.trim();
  if (v === "") return "is empty";
  if (/^[*•●]+$/u.test(v)) return "is a mask of asterisks, not a value (a masked parameter re-submitted as its mask)";
  if (/^change[-_ ]?me$/i.test(v)) return 'is "changeme"';
  if (/^(todo|tbd|fixme)\b/i.test(v)) return "is a TODO marker";
  if (/^<[^<>]*>$/.test(v)) return "is a <\u2026> template placeholder";
  if (/\$\{[^}]*\}/.test(v)) return "holds an unresolved ${\u2026} reference";
  return void 0;
}

// src/core/preflight/checks/env.ts
async function envCheck(check, ctx) {
  const env = ctx.environment;
  const vars = env.variables;
  const out = [];
  const reported = /* @__PURE__ */ new Set();
  const add = (key, r) => {
    if (reported.has(key)) return;
    reported.add(key);
    out.push(r);
  };
  const id = (key) => `${check.id}:${key}`;
  for (const key of check.required ?? []) {
    if (!Object.hasOwn(vars, key)) {
      add(
        key,
        result(
          id(key),
          "missing-variable",
          `${key} is required but environment "${env.name}" does not define it; add it to one of its variable sources`
        )
      );
    }
  }
  if (check.parity_with) {
    const other = await ctx.loadOther(check.parity_with);
    for (const [key, value] of Object.entries(other.variables)) {
      if (value.origin === "process" || Object.hasOwn(vars, key)) continue;
      add(
        key,
        result(
          id(key),
          "parity-gap",
          // A value from a file points there through the result's place, shown once after the message.
          `${key} is set for "${other.name}"${value.file ? "" : ` (${describeOrigin(value)})`} but not for "${env.name}"; add it to "${env.name}" before deploying`,
          value.file ? { file: value.file, line: value.line } : {}
        )
      );
    }
  }
  if (check.placeholders !== false) {
    for (const [key, value] of Object.entries(vars)) {
      if (value.origin === "process") continue;
      const why = placeholderReason(value.value);
      if (!why) continue;
      add(
        key,
        result(
          id(key),
          "placeholder-value",
          `${key} from ${describeOrigin(value)} ${why}; set the real value for "${env.name}"`,
          value
        )
      );
    }
  }
  for (const [key, source] of Object.entries(check.patterns ?? {})) {
    if (reported.has(key)) continue;
    const value = vars[key];
    if (!value) {
      add(
        key,
        result(
          id(key),
          "missing-variable",
          `${key} has a pattern but environment "${env.name}" does not define it; add it or drop the pattern`
        )
      );
      continue;
    }
    if (compileRegex(source).test(value.value)) continue;
    const shown = env.secretNames.has(key) ? "its value" : JSON.stringify(value.value);
    add(
      key,
      result(
        id(key),
        "pattern-mismatch",
        `${key} (${shown}, from ${describeOrigin(value)}) does not match /${source}/; fix the value for "${env.name}"`,
        value
      )
    );
  }
  return out.length ? out : [result(check.id, "passed", `the variables of "${env.name}" are complete and filled in`)];
}

// src/core/preflight/checks/http.ts
var statusOk = (status, expected) => {
  const want = expected?.status;
  if (want === void 0) return status >= 200 && status < 300;
  return Array.isArray(want) ? want.includes(status) : status === want;
};
var causeOf = (error) => {
  const cause = error.cause;
  return cause?.code ?? cause?.message ?? error.message;
};
var MAX_BODY = 1024 * 1024;
async function readCapped(response, max) {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks2 = [];
  let size = 0;
  while (size < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks2.push(value);
    size += value.byteLength;
  }
  if (size >= max) await reader.cancel().catch(() => {
  });
  return Buffer.concat(chunks2).subarray(0, max).toString("utf8");
}
async function httpCheck(check, ctx) {
  let url;
  try {
    url = new URL(check.url);
  } catch {
    return [result(check.id, "unreachable", `"${check.url}" is not a valid URL; fix \`url\` in the check`)];
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return [result(check.id, "unreachable", `${url.protocol} URLs cannot be checked; use http:// or https://`)];
  }
  const method = check.method ?? "GET";
  const shown = new URL(url.href);
  if (shown.password) shown.password = "***";
  const headers = { ...check.headers };
  if (url.username || url.password) {
    const hasAuth = Object.keys(headers).some((h) => h.toLowerCase() === "authorization");
    const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    if (!hasAuth) headers.Authorization = `Basic ${Buffer.from(user).toString("base64")}`;
    url.username = "";
    url.password = "";
  }
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: check.body,
      redirect: "manual",
      signal: ctx.signal
    });
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return [
      result(
        check.id,
        "unreachable",
        `${method} ${shown.href} failed (${causeOf(error)}); check that the host resolves and a firewall or security group lets this runner in`
      )
    ];
  }
  const text = await readCapped(response, MAX_BODY);
  if (!statusOk(response.status, check.expect)) {
    const location = response.headers.get("location");
    if (check.expect?.status === void 0 && response.status >= 300 && response.status < 400) {
      const to = location ? ` to ${excerpt(location, 160)}` : " without a Location";
      return [
        result(
          check.id,
          "unexpected-status",
          `${method} ${shown.href} answered ${response.status}, a redirect${to}, expected a 2xx: a redirect (to a login page, say) is not health; check the URL, or set \`expect.status: ${response.status}\` if that redirect is the healthy answer`
        )
      ];
    }
    const want = check.expect?.status ?? "2xx";
    return [
      result(
        check.id,
        "unexpected-status",
        `${method} ${shown.href} answered ${response.status}, expected ${Array.isArray(want) ? want.join(" or ") : want}${text ? ` (body: ${excerpt(text, 120)})` : ""}; fix the service or the check`
      )
    ];
  }
  const contains = check.expect?.body_contains;
  if (contains !== void 0 && !text.includes(contains)) {
    return [
      result(
        check.id,
        "unexpected-body",
        `${method} ${shown.href} answered without "${contains}" in its body (got: ${excerpt(text, 120)}); is this the right service?`
      )
    ];
  }
  const paths = Object.entries(check.expect?.json ?? {});
  if (paths.length) {
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      return [
        result(
          check.id,
          "unexpected-body",
          `${method} ${shown.href} did not answer JSON (got: ${excerpt(text, 120)}); is this the right endpoint?`
        )
      ];
    }
    for (const [path, expected] of paths) {
      let segments;
      try {
        segments = parseJsonPath(path);
      } catch (error) {
        return [result(check.id, "unexpected-body", `${error.message}; fix expect.json`)];
      }
      const found = valueAt(data, segments);
      if (!meetsExpectation(found, expected)) {
        return [
          result(
            check.id,
            "unexpected-body",
            `${method} ${shown.href}: ${path} is ${found.found ? JSON.stringify(found.value) : "absent"}, expected ${JSON.stringify(expected)}; deploy the expected version or fix the check`
          )
        ];
      }
    }
  }
  return [result(check.id, "passed", `${method} ${shown.href} answered ${response.status} as expected`)];
}

// src/core/preflight/dockerfile.ts
import { basename } from "node:path";
var foundImage = (place, unresolved, why) => ({
  image: place.image,
  file: place.file,
  line: place.line,
  ...place.from ? { from: place.from } : {},
  ...unresolved.length ? { unknown: why(unresolved.join(", ")) } : {}
});
var isDockerfile = (file) => {
  const name = basename(file);
  return !/\.dockerignore$/i.test(name) && /^(docker|container)file([._-].+)?$|[._-](docker|container)file$/i.test(name);
};
var isDockerignore = (file) => /\.dockerignore$/i.test(basename(file));
function substituteVariables(text, values) {
  const unresolved = [];
  const out = text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced, fallback, bare) => {
      const name = braced ?? bare;
      const value = values.get(name);
      if (value !== void 0 && value !== "") return value;
      if (fallback !== void 0) return fallback;
      unresolved.push(name);
      return whole;
    }
  );
  return { text: out, unresolved };
}
function escapeOf(lines) {
  let token = "\\";
  for (const line of lines) {
    const directive = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(\S+)\s*$/.exec(line);
    if (!directive) break;
    if (directive[1].toLowerCase() === "escape" && (directive[2] === "`" || directive[2] === "\\")) {
      token = directive[2];
    }
  }
  return token;
}
var HEREDOC = /<<(-?)(["']?)([A-Za-z0-9_.-]+)\2/g;
var HEREDOC_INSTRUCTIONS = /* @__PURE__ */ new Set(["RUN", "COPY", "ADD"]);
function instructions(text) {
  const lines = text.split(/\r?\n/);
  const escapeToken = escapeOf(lines);
  const out = [];
  const continues = (line) => line.trimEnd().endsWith(escapeToken);
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*(#|$)/.test(lines[i])) continue;
    const start = i;
    let joined = lines[i];
    while (continues(joined) && i + 1 < lines.length) {
      joined = joined.trimEnd().slice(0, -1);
      i++;
      while (/^\s*(#|$)/.test(lines[i]) && i + 1 < lines.length) i++;
      joined += ` ${lines[i]}`;
    }
    const trimmed = joined.trim();
    out.push({ text: trimmed, line: start + 1 });
    const keyword = trimmed.split(/\s+/)[0].toUpperCase();
    if (!HEREDOC_INSTRUCTIONS.has(keyword)) continue;
    for (const match of trimmed.matchAll(HEREDOC)) {
      if (trimmed[match.index - 1] === "<") continue;
      const [, dash, , word] = match;
      while (i + 1 < lines.length) {
        const body = lines[++i];
        if ((dash ? body.replace(/^\t+/, "") : body) === word) break;
      }
    }
  }
  return out;
}
function flagsOf(words) {
  const flags = [];
  let n = 0;
  for (; n < words.length && words[n].startsWith("--"); n++) {
    const eq = words[n].indexOf("=");
    flags.push(eq < 0 ? [words[n].slice(2), ""] : [words[n].slice(2, eq), words[n].slice(eq + 1)]);
  }
  return { flags, rest: words.slice(n) };
}
var unquote = (s) => s.replace(/^(["'])(.*)\1$/, "$2");
function dockerfileImages(text, file) {
  const globalArgs = /* @__PURE__ */ new Map();
  let stageArgs = /* @__PURE__ */ new Map();
  const stages = /* @__PURE__ */ new Set();
  let stageCount = 0;
  const out = [];
  const push = (raw, line, args, isStage, from) => {
    const { text: image, unresolved } = substituteVariables(raw, args);
    if (isStage(image)) return;
    out.push(
      foundImage(
        { image, file, line, from },
        unresolved,
        (names) => `depends on build arg ${names} without a default; give the ARG a pinned default`
      )
    );
  };
  const stageRef = (s) => stages.has(s.toLowerCase()) || /^\d+$/.test(s) && Number(s) < stageCount;
  for (const { text: ins, line } of instructions(text)) {
    const [keyword, ...words] = ins.split(/\s+/);
    const upper = keyword.toUpperCase();
    if (upper === "ARG") {
      for (const decl of words) {
        const eq = decl.indexOf("=");
        const name = eq < 0 ? decl : decl.slice(0, eq);
        const known = new Map([...globalArgs, ...stageArgs]);
        const value = eq < 0 ? void 0 : substituteVariables(unquote(decl.slice(eq + 1)), known).text;
        if (!stageCount) globalArgs.set(name, value);
        else stageArgs.set(name, value ?? globalArgs.get(name));
      }
      continue;
    }
    if (upper === "FROM") {
      const { rest } = flagsOf(words);
      const raw = rest[0];
      if (!raw) continue;
      const asIndex = rest.findIndex((w, i) => i > 0 && w.toUpperCase() === "AS");
      push(raw, line, globalArgs, (image) => image.toLowerCase() === "scratch" || stages.has(image.toLowerCase()));
      if (asIndex > 0 && rest[asIndex + 1]) stages.add(rest[asIndex + 1].toLowerCase());
      stageCount++;
      stageArgs = /* @__PURE__ */ new Map();
      continue;
    }
    const args = new Map([...globalArgs, ...stageArgs]);
    const { flags } = flagsOf(words);
    if (upper === "COPY") {
      for (const [name, value] of flags)
        if (name === "from" && value) push(unquote(value), line, args, stageRef, "COPY --from");
    }
    if (upper === "RUN") {
      for (const [name, value] of flags) {
        if (name !== "mount") continue;
        for (const option of value.split(",")) {
          const [key, ...v] = option.split("=");
          if (key.trim() === "from" && v.length) {
            push(unquote(v.join("=").trim()), line, args, stageRef, "RUN --mount from");
          }
        }
      }
    }
  }
  return out;
}

// src/core/preflight/manifests.ts
import * as fs from "node:fs";

// node_modules/tinyglobby/dist/index.mjs
import { readdir as readdir2, readdirSync, realpath as realpath3, realpathSync, stat as stat2, statSync } from "fs";
import { isAbsolute as isAbsolute2, posix as posix2, resolve as resolve3 } from "path";
import { fileURLToPath } from "url";

// node_modules/fdir/dist/index.mjs
import { createRequire as createRequire2 } from "module";
import { basename as basename2, dirname as dirname3, normalize, relative as relative2, resolve as resolve2, sep as sep3 } from "path";
import * as nativeFs from "fs";
var __require2 = /* @__PURE__ */ createRequire2(import.meta.url);
function cleanPath(path) {
  let normalized = normalize(path);
  if (normalized.length > 1 && normalized[normalized.length - 1] === sep3) normalized = normalized.substring(0, normalized.length - 1);
  return normalized;
}
var SLASHES_REGEX = /[\\/]/g;
function convertSlashes(path, separator) {
  return path.replace(SLASHES_REGEX, separator);
}
var WINDOWS_ROOT_DIR_REGEX = /^[a-z]:[\\/]$/i;
function isRootDirectory(path) {
  return path === "/" || WINDOWS_ROOT_DIR_REGEX.test(path);
}
function normalizePath(path, options) {
  const { resolvePaths, normalizePath: normalizePath$1, pathSeparator } = options;
  const pathNeedsCleaning = process.platform === "win32" && path.includes("/") || path.startsWith(".");
  if (resolvePaths) path = resolve2(path);
  if (normalizePath$1 || pathNeedsCleaning) path = cleanPath(path);
  if (path === ".") return "";
  const needsSeperator = path[path.length - 1] !== pathSeparator;
  return convertSlashes(needsSeperator ? path + pathSeparator : path, pathSeparator);
}
function joinPathWithBasePath(filename, directoryPath) {
  return directoryPath + filename;
}
function joinPathWithRelativePath(root, options) {
  return function(filename, directoryPath) {
    const sameRoot = directoryPath.startsWith(root);
    if (sameRoot) return directoryPath.slice(root.length) + filename;
    else return convertSlashes(relative2(root, directoryPath), options.pathSeparator) + options.pathSeparator + filename;
  };
}
function joinPath(filename) {
  return filename;
}
function joinDirectoryPath(filename, directoryPath, separator) {
  return directoryPath + filename + separator;
}
function build$7(root, options) {
  const { relativePaths, includeBasePath } = options;
  return relativePaths && root ? joinPathWithRelativePath(root, options) : includeBasePath ? joinPathWithBasePath : joinPath;
}
function pushDirectoryWithRelativePath(root) {
  return function(directoryPath, paths) {
    paths.push(directoryPath.substring(root.length) || ".");
  };
}
function pushDirectoryFilterWithRelativePath(root) {
  return function(directoryPath, paths, filters) {
    const relativePath = directoryPath.substring(root.length) || ".";
    if (filters.every((filter) => filter(relativePath, true))) paths.push(relativePath);
  };
}
var pushDirectory = (directoryPath, paths) => {
  paths.push(directoryPath || ".");
};
var pushDirectoryFilter = (directoryPath, paths, filters) => {
  const path = directoryPath || ".";
  if (filters.every((filter) => filter(path, true))) paths.push(path);
};
var empty$2 = () => {
};
function build$6(root, options) {
  const { includeDirs, filters, relativePaths } = options;
  if (!includeDirs) return empty$2;
  if (relativePaths) return filters && filters.length ? pushDirectoryFilterWithRelativePath(root) : pushDirectoryWithRelativePath(root);
  return filters && filters.length ? pushDirectoryFilter : pushDirectory;
}
var pushFileFilterAndCount = (filename, _paths, counts, filters) => {
  if (filters.every((filter) => filter(filename, false))) counts.files++;
};
var pushFileFilter = (filename, paths, _counts, filters) => {
  if (filters.every((filter) => filter(filename, false))) paths.push(filename);
};
var pushFileCount = (_filename, _paths, counts, _filters) => {
  counts.files++;
};
var pushFile = (filename, paths) => {
  paths.push(filename);
};
var empty$1 = () => {
};
function build$5(options) {
  const { excludeFiles, filters, onlyCounts } = options;
  if (excludeFiles) return empty$1;
  if (filters && filters.length) return onlyCounts ? pushFileFilterAndCount : pushFileFilter;
  else if (onlyCounts) return pushFileCount;
  else return pushFile;
}
var getArray = (paths) => {
  return paths;
};
var getArrayGroup = () => {
  return [""].slice(0, 0);
};
function build$4(options) {
  return options.group ? getArrayGroup : getArray;
}
var groupFiles = (groups, directory, files) => {
  groups.push({
    directory,
    files,
    dir: directory
  });
};
var empty = () => {
};
function build$3(options) {
  return options.group ? groupFiles : empty;
}
var resolveSymlinksAsync = function(path, state, callback$1) {
  const { queue, fs: fs2, options: { suppressErrors } } = state;
  queue.enqueue();
  fs2.realpath(path, (error, resolvedPath) => {
    if (error) return queue.dequeue(suppressErrors ? null : error, state);
    fs2.stat(resolvedPath, (error$1, stat3) => {
      if (error$1) return queue.dequeue(suppressErrors ? null : error$1, state);
      if (stat3.isDirectory() && isRecursive(path, resolvedPath, state)) return queue.dequeue(null, state);
      callback$1(stat3, resolvedPath);
      queue.dequeue(null, state);
    });
  });
};
var resolveSymlinks = function(path, state, callback$1) {
  const { queue, fs: fs2, options: { suppressErrors } } = state;
  queue.enqueue();
  try {
    const resolvedPath = fs2.realpathSync(path);
    const stat3 = fs2.statSync(resolvedPath);
    if (stat3.isDirectory() && isRecursive(path, resolvedPath, state)) return;
    callback$1(stat3, resolvedPath);
  } catch (e) {
    if (!suppressErrors) throw e;
  }
};
function build$2(options, isSynchronous) {
  if (!options.resolveSymlinks || options.excludeSymlinks) return null;
  return isSynchronous ? resolveSymlinks : resolveSymlinksAsync;
}
function isRecursive(path, resolved, state) {
  if (state.options.useRealPaths) return isRecursiveUsingRealPaths(resolved, state);
  let parent = dirname3(path);
  let depth = 1;
  while (parent !== state.root && depth < 2) {
    const resolvedPath = state.symlinks.get(parent);
    const isSameRoot = !!resolvedPath && (resolvedPath === resolved || resolvedPath.startsWith(resolved) || resolved.startsWith(resolvedPath));
    if (isSameRoot) depth++;
    else parent = dirname3(parent);
  }
  state.symlinks.set(path, resolved);
  return depth > 1;
}
function isRecursiveUsingRealPaths(resolved, state) {
  return state.visited.includes(resolved + state.options.pathSeparator);
}
var onlyCountsSync = (state) => {
  return state.counts;
};
var groupsSync = (state) => {
  return state.groups;
};
var defaultSync = (state) => {
  return state.paths;
};
var limitFilesSync = (state) => {
  return state.paths.slice(0, state.options.maxFiles);
};
var onlyCountsAsync = (state, error, callback$1) => {
  report2(error, callback$1, state.counts, state.options.suppressErrors);
  return null;
};
var defaultAsync = (state, error, callback$1) => {
  report2(error, callback$1, state.paths, state.options.suppressErrors);
  return null;
};
var limitFilesAsync = (state, error, callback$1) => {
  report2(error, callback$1, state.paths.slice(0, state.options.maxFiles), state.options.suppressErrors);
  return null;
};
var groupsAsync = (state, error, callback$1) => {
  report2(error, callback$1, state.groups, state.options.suppressErrors);
  return null;
};
function report2(error, callback$1, output, suppressErrors) {
  if (error && !suppressErrors) callback$1(error, output);
  else callback$1(null, output);
}
function build$1(options, isSynchronous) {
  const { onlyCounts, group, maxFiles } = options;
  if (onlyCounts) return isSynchronous ? onlyCountsSync : onlyCountsAsync;
  else if (group) return isSynchronous ? groupsSync : groupsAsync;
  else if (maxFiles) return isSynchronous ? limitFilesSync : limitFilesAsync;
  else return isSynchronous ? defaultSync : defaultAsync;
}
var readdirOpts = { withFileTypes: true };
var walkAsync = (state, crawlPath, directoryPath, currentDepth, callback$1) => {
  state.queue.enqueue();
  if (currentDepth < 0) return state.queue.dequeue(null, state);
  const { fs: fs2 } = state;
  state.visited.push(crawlPath);
  state.counts.directories++;
  fs2.readdir(crawlPath || ".", readdirOpts, (error, entries = []) => {
    callback$1(entries, directoryPath, currentDepth);
    state.queue.dequeue(state.options.suppressErrors ? null : error, state);
  });
};
var walkSync = (state, crawlPath, directoryPath, currentDepth, callback$1) => {
  const { fs: fs2 } = state;
  if (currentDepth < 0) return;
  state.visited.push(crawlPath);
  state.counts.directories++;
  let entries = [];
  try {
    entries = fs2.readdirSync(crawlPath || ".", readdirOpts);
  } catch (e) {
    if (!state.options.suppressErrors) throw e;
  }
  callback$1(entries, directoryPath, currentDepth);
};
function build(isSynchronous) {
  return isSynchronous ? walkSync : walkAsync;
}
var Queue = class {
  count = 0;
  constructor(onQueueEmpty) {
    this.onQueueEmpty = onQueueEmpty;
  }
  enqueue() {
    this.count++;
    return this.count;
  }
  dequeue(error, output) {
    if (this.onQueueEmpty && (--this.count <= 0 || error)) {
      this.onQueueEmpty(error, output);
      if (error) {
        output.controller.abort();
        this.onQueueEmpty = void 0;
      }
    }
  }
};
var Counter = class {
  _files = 0;
  _directories = 0;
  set files(num) {
    this._files = num;
  }
  get files() {
    return this._files;
  }
  set directories(num) {
    this._directories = num;
  }
  get directories() {
    return this._directories;
  }
  /**
  * @deprecated use `directories` instead
  */
  /* c8 ignore next 3 */
  get dirs() {
    return this._directories;
  }
};
var Aborter = class {
  aborted = false;
  abort() {
    this.aborted = true;
  }
};
var Walker = class {
  root;
  isSynchronous;
  state;
  joinPath;
  pushDirectory;
  pushFile;
  getArray;
  groupFiles;
  resolveSymlink;
  walkDirectory;
  callbackInvoker;
  constructor(root, options, callback$1) {
    this.isSynchronous = !callback$1;
    this.callbackInvoker = build$1(options, this.isSynchronous);
    this.root = normalizePath(root, options);
    this.state = {
      root: isRootDirectory(this.root) ? this.root : this.root.slice(0, -1),
      paths: [""].slice(0, 0),
      groups: [],
      counts: new Counter(),
      options,
      queue: new Queue((error, state) => this.callbackInvoker(state, error, callback$1)),
      symlinks: /* @__PURE__ */ new Map(),
      visited: [""].slice(0, 0),
      controller: new Aborter(),
      fs: options.fs || nativeFs
    };
    this.joinPath = build$7(this.root, options);
    this.pushDirectory = build$6(this.root, options);
    this.pushFile = build$5(options);
    this.getArray = build$4(options);
    this.groupFiles = build$3(options);
    this.resolveSymlink = build$2(options, this.isSynchronous);
    this.walkDirectory = build(this.isSynchronous);
  }
  start() {
    this.pushDirectory(this.root, this.state.paths, this.state.options.filters);
    this.walkDirectory(this.state, this.root, this.root, this.state.options.maxDepth, this.walk);
    return this.isSynchronous ? this.callbackInvoker(this.state, null) : null;
  }
  walk = (entries, directoryPath, depth) => {
    const { paths, options: { filters, resolveSymlinks: resolveSymlinks$1, excludeSymlinks, exclude, maxFiles, signal, useRealPaths, pathSeparator }, controller } = this.state;
    if (controller.aborted || signal && signal.aborted || maxFiles && paths.length > maxFiles) return;
    const files = this.getArray(this.state.paths);
    for (let i = 0; i < entries.length; ++i) {
      const entry = entries[i];
      if (entry.isFile() || entry.isSymbolicLink() && !resolveSymlinks$1 && !excludeSymlinks) {
        const filename = this.joinPath(entry.name, directoryPath);
        this.pushFile(filename, files, this.state.counts, filters);
      } else if (entry.isDirectory()) {
        let path = joinDirectoryPath(entry.name, directoryPath, this.state.options.pathSeparator);
        if (exclude && exclude(entry.name, path)) continue;
        this.pushDirectory(path, paths, filters);
        this.walkDirectory(this.state, path, path, depth - 1, this.walk);
      } else if (this.resolveSymlink && entry.isSymbolicLink()) {
        let path = joinPathWithBasePath(entry.name, directoryPath);
        this.resolveSymlink(path, this.state, (stat3, resolvedPath) => {
          if (stat3.isDirectory()) {
            resolvedPath = normalizePath(resolvedPath, this.state.options);
            if (exclude && exclude(entry.name, useRealPaths ? resolvedPath : path + pathSeparator)) return;
            this.walkDirectory(this.state, resolvedPath, useRealPaths ? resolvedPath : path + pathSeparator, depth - 1, this.walk);
          } else {
            resolvedPath = useRealPaths ? resolvedPath : path;
            const filename = basename2(resolvedPath);
            const directoryPath$1 = normalizePath(dirname3(resolvedPath), this.state.options);
            resolvedPath = this.joinPath(filename, directoryPath$1);
            this.pushFile(resolvedPath, files, this.state.counts, filters);
          }
        });
      }
    }
    this.groupFiles(this.state.groups, directoryPath, files);
  };
};
function promise(root, options) {
  return new Promise((resolve$1, reject) => {
    callback(root, options, (err, output) => {
      if (err) return reject(err);
      resolve$1(output);
    });
  });
}
function callback(root, options, callback$1) {
  let walker = new Walker(root, options, callback$1);
  walker.start();
}
function sync(root, options) {
  const walker = new Walker(root, options);
  return walker.start();
}
var APIBuilder = class {
  constructor(root, options) {
    this.root = root;
    this.options = options;
  }
  withPromise() {
    return promise(this.root, this.options);
  }
  withCallback(cb) {
    callback(this.root, this.options, cb);
  }
  sync() {
    return sync(this.root, this.options);
  }
};
var pm = null;
try {
  __require2.resolve("picomatch");
  pm = __require2("picomatch");
} catch {
}
var Builder = class {
  globCache = {};
  options = {
    maxDepth: Infinity,
    suppressErrors: true,
    pathSeparator: sep3,
    filters: []
  };
  globFunction;
  constructor(options) {
    this.options = {
      ...this.options,
      ...options
    };
    this.globFunction = this.options.globFunction;
  }
  group() {
    this.options.group = true;
    return this;
  }
  withPathSeparator(separator) {
    this.options.pathSeparator = separator;
    return this;
  }
  withBasePath() {
    this.options.includeBasePath = true;
    return this;
  }
  withRelativePaths() {
    this.options.relativePaths = true;
    return this;
  }
  withDirs() {
    this.options.includeDirs = true;
    return this;
  }
  withMaxDepth(depth) {
    this.options.maxDepth = depth;
    return this;
  }
  withMaxFiles(limit) {
    this.options.maxFiles = limit;
    return this;
  }
  withFullPaths() {
    this.options.resolvePaths = true;
    this.options.includeBasePath = true;
    return this;
  }
  withErrors() {
    this.options.suppressErrors = false;
    return this;
  }
  withSymlinks({ resolvePaths = true } = {}) {
    this.options.resolveSymlinks = true;
    this.options.useRealPaths = resolvePaths;
    return this.withFullPaths();
  }
  withAbortSignal(signal) {
    this.options.signal = signal;
    return this;
  }
  normalize() {
    this.options.normalizePath = true;
    return this;
  }
  filter(predicate) {
    this.options.filters.push(predicate);
    return this;
  }
  onlyDirs() {
    this.options.excludeFiles = true;
    this.options.includeDirs = true;
    return this;
  }
  exclude(predicate) {
    this.options.exclude = predicate;
    return this;
  }
  onlyCounts() {
    this.options.onlyCounts = true;
    return this;
  }
  crawl(root) {
    return new APIBuilder(root || ".", this.options);
  }
  withGlobFunction(fn) {
    this.globFunction = fn;
    return this;
  }
  /**
  * @deprecated Pass options using the constructor instead:
  * ```ts
  * new fdir(options).crawl("/path/to/root");
  * ```
  * This method will be removed in v7.0
  */
  /* c8 ignore next 4 */
  crawlWithOptions(root, options) {
    this.options = {
      ...this.options,
      ...options
    };
    return new APIBuilder(root || ".", this.options);
  }
  glob(...patterns) {
    if (this.globFunction) return this.globWithOptions(patterns);
    return this.globWithOptions(patterns, ...[{ dot: true }]);
  }
  globWithOptions(patterns, ...options) {
    const globFn = this.globFunction || pm;
    if (!globFn) throw new Error("Please specify a glob function to use glob matching.");
    var isMatch = this.globCache[patterns.join("\0")];
    if (!isMatch) {
      isMatch = globFn(patterns, ...options);
      this.globCache[patterns.join("\0")] = isMatch;
    }
    this.options.filters.push((path) => isMatch(path));
    return this;
  }
};

// node_modules/tinyglobby/dist/index.mjs
var import_picomatch = __toESM(require_picomatch2(), 1);
var isReadonlyArray = Array.isArray;
var BACKSLASHES = /\\/g;
var DRIVE_RELATIVE_PATH = /^[A-Za-z]:$/;
var isWin = process.platform === "win32";
var ONLY_PARENT_DIRECTORIES = /^(\/?\.\.)+$/;
function getPartialMatcher(patterns, options = {}) {
  const patternsCount = patterns.length;
  const patternsParts = Array(patternsCount);
  const matchers = Array(patternsCount);
  let i, j;
  for (i = 0; i < patternsCount; i++) {
    const parts = splitPattern(patterns[i]);
    patternsParts[i] = parts;
    const partsCount = parts.length;
    const partMatchers = Array(partsCount);
    for (j = 0; j < partsCount; j++) partMatchers[j] = (0, import_picomatch.default)(parts[j], options);
    matchers[i] = partMatchers;
  }
  return (input) => {
    const inputParts = input.split("/");
    if (inputParts[0] === ".." && ONLY_PARENT_DIRECTORIES.test(input)) return true;
    for (i = 0; i < patternsCount; i++) {
      const patternParts = patternsParts[i];
      const matcher = matchers[i];
      const inputPatternCount = inputParts.length;
      const minParts = Math.min(inputPatternCount, patternParts.length);
      j = 0;
      while (j < minParts) {
        const part = patternParts[j];
        if (part.includes("/")) return true;
        if (!matcher[j](inputParts[j])) break;
        if (!options.noglobstar && part === "**") return true;
        j++;
      }
      if (j === inputPatternCount) return true;
    }
    return false;
  };
}
var WIN32_ROOT_DIR = /^[A-Z]:\/$/i;
var isRoot = isWin ? (p) => WIN32_ROOT_DIR.test(p) : (p) => p === "/";
function buildFormat(cwd, root, absolute) {
  if (cwd === root || root.startsWith(`${cwd}/`)) {
    if (absolute) {
      const start = cwd.length + +!isRoot(cwd);
      return (p, isDir) => p.slice(start, isDir ? -1 : void 0) || ".";
    }
    const prefix = root.slice(cwd.length + 1);
    if (prefix) return (p, isDir) => {
      if (p === ".") return prefix;
      const result2 = `${prefix}/${p}`;
      return isDir ? result2.slice(0, -1) : result2;
    };
    return (p, isDir) => isDir && p !== "." ? p.slice(0, -1) : p;
  }
  if (absolute) return (p) => posix2.relative(cwd, p) || ".";
  return (p) => posix2.relative(cwd, `${root}/${p}`) || ".";
}
function buildRelative(cwd, root) {
  if (root.startsWith(`${cwd}/`)) {
    const prefix = root.slice(cwd.length + 1);
    return (p) => `${prefix}/${p}`;
  }
  return (p) => {
    const result2 = posix2.relative(cwd, `${root}/${p}`);
    return p[p.length - 1] === "/" && result2 !== "" ? `${result2}/` : result2 || ".";
  };
}
function ensureNonDriveRelativePath(path) {
  return path.replace(DRIVE_RELATIVE_PATH, (match) => `${match}/`);
}
var splitPatternOptions = { parts: true };
function splitPattern(path) {
  var _result$parts;
  const result2 = import_picomatch.default.scan(path, splitPatternOptions);
  return ((_result$parts = result2.parts) === null || _result$parts === void 0 ? void 0 : _result$parts.length) ? result2.parts : [path];
}
var POSIX_UNESCAPED_GLOB_SYMBOLS = /(?<!\\)([()[\]{}*?|]|^!|[!+@](?=\()|\\(?![()[\]{}!*+?@|]))/g;
var WIN32_UNESCAPED_GLOB_SYMBOLS = /(?<!\\)([()[\]{}]|^!|[!+@](?=\())/g;
var escapePosixPath = (path) => path.replace(POSIX_UNESCAPED_GLOB_SYMBOLS, "\\$&");
var escapeWin32Path = (path) => path.replace(WIN32_UNESCAPED_GLOB_SYMBOLS, "\\$&");
var escapePath = isWin ? escapeWin32Path : escapePosixPath;
function isDynamicPattern(pattern, options) {
  if ((options === null || options === void 0 ? void 0 : options.caseSensitiveMatch) === false) return true;
  const scan = import_picomatch.default.scan(pattern);
  return scan.isGlob || scan.negated;
}
function log(...tasks) {
  console.log(`[tinyglobby ${(/* @__PURE__ */ new Date()).toLocaleTimeString("es")}]`, ...tasks);
}
function ensureStringArray(value) {
  return typeof value === "string" ? [value] : value !== null && value !== void 0 ? value : [];
}
var PARENT_DIRECTORY = /^(\/?\.\.)+/;
var ESCAPING_BACKSLASHES = /\\(?=[()[\]{}!*+?@|])/g;
function normalizePattern(pattern, opts, props, isIgnore) {
  var _PARENT_DIRECTORY$exe;
  const cwd = opts.cwd;
  let result2 = pattern;
  if (pattern[pattern.length - 1] === "/") result2 = pattern.slice(0, -1);
  if (result2[result2.length - 1] !== "*" && opts.expandDirectories) result2 += "/**";
  const escapedCwd = escapePath(cwd);
  result2 = isAbsolute2(result2.replace(ESCAPING_BACKSLASHES, "")) ? posix2.relative(escapedCwd, result2) : posix2.normalize(result2);
  const parentDir = (_PARENT_DIRECTORY$exe = PARENT_DIRECTORY.exec(result2)) === null || _PARENT_DIRECTORY$exe === void 0 ? void 0 : _PARENT_DIRECTORY$exe[0];
  const parts = splitPattern(result2);
  if (parentDir) {
    const n = (parentDir.length + 1) / 3;
    let i = 0;
    const cwdParts = escapedCwd.split("/");
    while (i < n && parts[i + n] === cwdParts[cwdParts.length + i - n]) {
      result2 = result2.slice(0, (n - i - 1) * 3) + result2.slice((n - i) * 3 + parts[i + n].length + 1) || ".";
      i++;
    }
    const potentialRoot = posix2.join(cwd, parentDir.slice(i * 3));
    if (potentialRoot[0] !== "." && props.root.length > potentialRoot.length) {
      props.root = ensureNonDriveRelativePath(potentialRoot);
      props.depthOffset = -n + i;
    }
  }
  if (!isIgnore && props.depthOffset >= 0) {
    var _props$commonPath;
    (_props$commonPath = props.commonPath) !== null && _props$commonPath !== void 0 || (props.commonPath = parts);
    const newCommonPath = [];
    const length = Math.min(props.commonPath.length, parts.length);
    for (let i = 0; i < length; i++) {
      const part = parts[i];
      if (part === "**" && !parts[i + 1]) {
        newCommonPath.pop();
        break;
      }
      if (i === parts.length - 1 || part !== props.commonPath[i] || isDynamicPattern(part)) break;
      newCommonPath.push(part);
    }
    props.depthOffset = newCommonPath.length;
    props.commonPath = newCommonPath;
    props.root = ensureNonDriveRelativePath(newCommonPath.length > 0 ? posix2.join(cwd, ...newCommonPath) : cwd);
  }
  return result2;
}
function processPatterns(options, patterns, props) {
  const matchPatterns = [];
  const ignorePatterns = [];
  for (const pattern of options.ignore) {
    if (!pattern) continue;
    if (pattern[0] !== "!" || pattern[1] === "(") ignorePatterns.push(normalizePattern(pattern, options, props, true));
  }
  for (const pattern of patterns) {
    if (!pattern) continue;
    if (pattern[0] !== "!" || pattern[1] === "(") matchPatterns.push(normalizePattern(pattern, options, props, false));
    else if (pattern[1] !== "!" || pattern[2] === "(") ignorePatterns.push(normalizePattern(pattern.slice(1), options, props, true));
  }
  return {
    match: matchPatterns,
    ignore: ignorePatterns
  };
}
function buildCrawler(options, patterns) {
  const cwd = options.cwd;
  const props = {
    root: cwd,
    depthOffset: 0
  };
  const processed = processPatterns(options, patterns, props);
  if (options.debug) log("internal processing patterns:", processed);
  const { absolute, caseSensitiveMatch, debug, dot, followSymbolicLinks, onlyDirectories } = options;
  const root = props.root.replace(BACKSLASHES, "");
  const matchOptions = {
    dot,
    nobrace: options.braceExpansion === false,
    nocase: !caseSensitiveMatch,
    noextglob: options.extglob === false,
    noglobstar: options.globstar === false,
    posix: true
  };
  const matcher = (0, import_picomatch.default)(processed.match, matchOptions);
  const ignore = (0, import_picomatch.default)(processed.ignore, matchOptions);
  const partialMatcher = getPartialMatcher(processed.match, matchOptions);
  const format = buildFormat(cwd, root, absolute);
  const excludeFormatter = absolute ? format : buildFormat(cwd, root, true);
  const excludePredicate = (_, p) => {
    const relativePath = excludeFormatter(p, true);
    return relativePath !== "." && !partialMatcher(relativePath) || ignore(relativePath);
  };
  let maxDepth;
  if (options.deep !== void 0) maxDepth = Math.round(options.deep - props.depthOffset);
  const crawler = new Builder({
    filters: [debug ? (p, isDirectory) => {
      const path = format(p, isDirectory);
      const matches = matcher(path) && !ignore(path);
      if (matches) log(`matched ${path}`);
      return matches;
    } : (p, isDirectory) => {
      const path = format(p, isDirectory);
      return matcher(path) && !ignore(path);
    }],
    exclude: debug ? (_, p) => {
      const skipped = excludePredicate(_, p);
      log(`${skipped ? "skipped" : "crawling"} ${p}`);
      return skipped;
    } : excludePredicate,
    fs: options.fs,
    pathSeparator: "/",
    relativePaths: !absolute,
    resolvePaths: absolute,
    includeBasePath: absolute,
    resolveSymlinks: followSymbolicLinks,
    excludeSymlinks: !followSymbolicLinks,
    excludeFiles: onlyDirectories,
    includeDirs: onlyDirectories || !options.onlyFiles,
    maxDepth,
    signal: options.signal
  }).crawl(root);
  if (options.debug) log("internal properties:", {
    ...props,
    root
  });
  return [crawler, cwd !== root && !absolute && buildRelative(cwd, root)];
}
function formatPaths(paths, mapper) {
  if (mapper) for (let i = paths.length - 1; i >= 0; i--) paths[i] = mapper(paths[i]);
  return paths;
}
var defaultOptions = {
  caseSensitiveMatch: true,
  debug: !!process.env.TINYGLOBBY_DEBUG,
  expandDirectories: true,
  followSymbolicLinks: true,
  onlyFiles: true
};
function getOptions(options) {
  const opts = Object.assign({}, options);
  for (const key in defaultOptions) if (opts[key] === void 0) Object.assign(opts, { [key]: defaultOptions[key] });
  opts.cwd = (opts.cwd instanceof URL ? fileURLToPath(opts.cwd) : resolve3(opts.cwd || process.cwd())).replace(BACKSLASHES, "/");
  opts.ignore = ensureStringArray(opts.ignore);
  opts.fs && (opts.fs = {
    readdir: opts.fs.readdir || readdir2,
    readdirSync: opts.fs.readdirSync || readdirSync,
    realpath: opts.fs.realpath || realpath3,
    realpathSync: opts.fs.realpathSync || realpathSync,
    stat: opts.fs.stat || stat2,
    statSync: opts.fs.statSync || statSync
  });
  if (opts.debug) log("globbing with options:", opts);
  return opts;
}
function getCrawler(globInput, inputOptions = {}) {
  var _ref;
  if (globInput && (inputOptions === null || inputOptions === void 0 ? void 0 : inputOptions.patterns)) throw new Error("Cannot pass patterns as both an argument and an option");
  const isModern = isReadonlyArray(globInput) || typeof globInput === "string";
  const patterns = ensureStringArray((_ref = isModern ? globInput : globInput.patterns) !== null && _ref !== void 0 ? _ref : "**/*");
  const options = getOptions(isModern ? inputOptions : globInput);
  return patterns.length > 0 ? buildCrawler(options, patterns) : [];
}
async function glob(globInput, options) {
  const [crawler, relative3] = getCrawler(globInput, options);
  return crawler ? formatPaths(await crawler.withPromise(), relative3) : [];
}

// src/core/preflight/yaml-docs.ts
var import_yaml = __toESM(require_dist(), 1);
var ManifestError = class extends Error {
  constructor(verdict, message, line) {
    super(message);
    this.verdict = verdict;
    this.line = line;
    this.name = "ManifestError";
  }
  verdict;
  line;
};
var MAX_FILE_BYTES = 16 * 1024 * 1024;
var MAX_DEPTH = 256;
var MAX_EXPANDED_NODES = 5e6;
var ALIAS_FREE_EXPANSION = 1e5;
var MAX_EXPANSION_RATIO = 10;
var BOM = "\uFEFF";
var stripBom = (text) => text.startsWith(BOM) ? text.slice(1) : text;
function nestingDepth(text) {
  const lines = text.split(/\r?\n/);
  const indents = [];
  let flow = 0;
  let quote;
  let blockScalarIndent = -1;
  let max = 0;
  for (const line of lines) {
    let i = 0;
    while (line[i] === " ") i++;
    if (blockScalarIndent >= 0) {
      if (i > blockScalarIndent || i === line.length) continue;
      blockScalarIndent = -1;
    }
    if (!quote && flow === 0) {
      if (i === line.length || line[i] === "#") continue;
      while (indents.length && indents[indents.length - 1] >= i) indents.pop();
      indents.push(i);
    }
    let valueStart = !quote;
    let compact = 0;
    for (; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === "\\" && quote === '"') i++;
        else if (c === quote) {
          if (quote === "'" && line[i + 1] === "'") i++;
          else quote = void 0;
        }
        continue;
      }
      if (c === " " || c === "	") continue;
      if (c === "#" && (i === 0 || line[i - 1] === " " || line[i - 1] === "	")) break;
      if (valueStart && (c === "'" || c === '"')) {
        quote = c;
        valueStart = false;
        continue;
      }
      if (flow === 0 && valueStart && (c === "-" || c === "?") && (line[i + 1] === " " || i + 1 === line.length)) {
        compact++;
        continue;
      }
      if (valueStart && (c === "[" || c === "{")) {
        flow++;
        max = Math.max(max, indents.length + compact + flow);
        continue;
      }
      if (flow > 0 && (c === "]" || c === "}")) {
        flow--;
        valueStart = false;
        continue;
      }
      if (flow > 0 && c === ",") {
        valueStart = true;
        continue;
      }
      if (c === ":" && (line[i + 1] === " " || line[i + 1] === void 0 || flow > 0)) {
        valueStart = true;
        continue;
      }
      if (flow === 0 && valueStart && (c === "|" || c === ">")) {
        blockScalarIndent = indents[indents.length - 1] ?? 0;
        break;
      }
      valueStart = false;
    }
    max = Math.max(max, indents.length + compact + flow);
  }
  return max;
}
function measure(doc, file) {
  const sizes = /* @__PURE__ */ new Map();
  const open2 = /* @__PURE__ */ new Set();
  const anchors = /* @__PURE__ */ new Map();
  let written = 0;
  const size = (node) => {
    written++;
    if ((0, import_yaml.isAlias)(node)) {
      const target = anchors.get(node.source);
      if (target && open2.has(target)) {
        throw new ManifestError(
          "unreadable-file",
          `${file}: the alias *${node.source} refers to a node that contains it`
        );
      }
      return target ? sizes.get(target) ?? 1 : 1;
    }
    const anchor = node?.anchor;
    if (anchor) anchors.set(anchor, node);
    if (!(0, import_yaml.isCollection)(node)) return 1;
    const merges = (0, import_yaml.isMap)(node) ? node.items.filter((p) => (0, import_yaml.isScalar)(p.key) && p.key.source === "<<").length : 0;
    if (merges > 1) {
      throw new ManifestError(
        "unreadable-file",
        `${file}: a mapping has more than one \`<<\` merge key; merge several anchors with \`<<: [*a, *b]\``
      );
    }
    open2.add(node);
    let total = 1;
    for (const item of node.items) {
      total += (0, import_yaml.isPair)(item) ? size(item.key) + size(item.value) : size(item);
      if (total > MAX_EXPANDED_NODES) break;
    }
    open2.delete(node);
    sizes.set(node, total);
    return total;
  };
  return { written, expanded: size(doc.contents) };
}
function templateAt(doc, text) {
  let found;
  const walk = (node) => {
    if (found !== void 0 || !node) return;
    if ((0, import_yaml.isPair)(node)) {
      walk(node.key);
      walk(node.value);
      return;
    }
    if ((0, import_yaml.isScalar)(node)) return;
    if ((0, import_yaml.isCollection)(node)) {
      const start = node.range?.[0];
      if (node.flow && start !== void 0 && text.startsWith("{{", start)) {
        found = start;
        return;
      }
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
  return found;
}
var looksKubernetes = (data) => data !== null && typeof data === "object" && "apiVersion" in data && "kind" in data;
function parse(text, version, counter) {
  return (0, import_yaml.parseAllDocuments)(text, {
    lineCounter: counter,
    prettyErrors: false,
    version,
    // Merge keys are YAML 1.1's, and both kubectl and compose apply them.
    merge: true
  });
}
function parseYamlDocs(raw, file, dialect = "auto") {
  const text = stripBom(raw);
  const depth = nestingDepth(text);
  if (depth > MAX_DEPTH) {
    throw new ManifestError(
      "unreadable-file",
      `${file}: nests ${depth} levels deep (more than ${MAX_DEPTH}), which no manifest needs; it is not read`
    );
  }
  let counter = new import_yaml.LineCounter();
  const lineAt = (offset) => offset === void 0 ? void 0 : counter.linePos(offset).line;
  const read = (version) => {
    counter = new import_yaml.LineCounter();
    const docs2 = parse(text, version, counter);
    if (!Array.isArray(docs2)) return [];
    for (const doc of docs2) {
      const error = doc.errors[0];
      const template = error ? text.includes("{{") ? error.pos[0] : void 0 : templateAt(doc, text);
      if (template !== void 0) {
        throw new ManifestError(
          "not-checkable",
          `${file}:${lineAt(template)}: is a template (\`{{ \u2026 }}\`), not a manifest; check what \`helm template\` renders from it`,
          lineAt(template)
        );
      }
      if (error) {
        throw new ManifestError(
          "unreadable-file",
          `${file}:${lineAt(error.pos[0])}: not valid YAML (${error.message.split("\n")[0]})`,
          lineAt(error.pos[0])
        );
      }
    }
    return docs2;
  };
  const kube = dialect === "kubernetes" || dialect === "auto" && /^apiVersion:/m.test(text) && /^kind:/m.test(text);
  let docs = read(kube ? "1.1" : "1.2");
  let data = docs.map((doc) => toData(doc, file));
  if (!kube && dialect === "auto" && data.some(looksKubernetes)) {
    docs = read("1.1");
    data = docs.map((doc) => toData(doc, file));
  }
  return docs.map((doc, i) => ({
    file,
    data: data[i],
    lineOf: (path) => {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (node?.range) return lineAt(node.range[0]);
      }
      return void 0;
    }
  }));
}
function toData(doc, file) {
  const { written, expanded } = measure(doc, file);
  if (expanded > MAX_EXPANDED_NODES || expanded > ALIAS_FREE_EXPANSION && expanded > MAX_EXPANSION_RATIO * written) {
    throw new ManifestError(
      "unreadable-file",
      `${file}: its aliases expand ${written} nodes to ${expanded > MAX_EXPANDED_NODES ? `more than ${MAX_EXPANDED_NODES}` : expanded} (an alias bomb); it is not read`
    );
  }
  return doc.toJS({ maxAliasCount: -1 });
}

// src/core/preflight/manifests.ts
function containedFs(root) {
  const realpath5 = ((path, callback2) => fs.realpath(path, (error, real) => {
    if (error) return callback2(error);
    if (!isInside(root, real)) return callback2(Object.assign(new Error("outside the repository"), { code: "EXDEV" }));
    callback2(null, real);
  }));
  return { ...fs, realpath: realpath5 };
}
async function matchFiles(repo, patterns) {
  const bases = [...new Set(patterns.map(globBase))];
  const walk = bases.includes("") ? ["**"] : bases.map((base) => `${base}/**`);
  const wanted = anyGlob(patterns);
  const files = await glob(walk, {
    cwd: repo,
    onlyFiles: true,
    dot: true,
    ignore: ["**/node_modules/**"],
    fs: containedFs(await repoRoot(repo))
  });
  return files.filter(wanted).sort();
}
async function readManifestText(repo, file) {
  const tooBig = (size) => {
    if (size <= MAX_FILE_BYTES) return;
    throw new ManifestError(
      "unreadable-file",
      `${file}: is ${(size / 1024 / 1024).toFixed(1)} MiB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MiB a manifest is read up to`
    );
  };
  try {
    return stripBom((await readRepoFile(repo, file, tooBig)).toString("utf8"));
  } catch (error) {
    if (error instanceof RepoPathError) throw new ManifestError("unreadable-file", error.message);
    throw error;
  }
}
async function readYamlDocs(repo, file, dialect = "auto") {
  return parseYamlDocs(await readManifestText(repo, file), file, dialect);
}
function fileResult(id, error, file) {
  if (!(error instanceof ManifestError)) throw error;
  const message = error.verdict === "unreadable-file" ? `${error.message}; fix the file` : error.message;
  return result(id, error.verdict, message, { file, line: error.line });
}

// src/core/preflight/pod-specs.ts
function pathText(path) {
  return path.map((k, i) => typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`).join("");
}
var BUILT_IN = {
  Pod: ["spec"],
  PodTemplate: ["template", "spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"]
};
var RAY_GROUPS = [
  ["headGroupSpec", "template", "spec"],
  ["workerGroupSpecs", "*", "template", "spec"]
];
var CUSTOM = [
  { group: "ray.io", kinds: ["RayCluster"], pods: RAY_GROUPS.map((p) => ["spec", ...p]) },
  { group: "ray.io", kinds: ["RayService"], pods: RAY_GROUPS.map((p) => ["spec", "rayClusterConfig", ...p]) },
  {
    group: "ray.io",
    kinds: ["RayJob"],
    pods: [...RAY_GROUPS.map((p) => ["spec", "rayClusterSpec", ...p]), ["spec", "submitterPodTemplate", "spec"]]
  },
  {
    group: "leaderworkerset.x-k8s.io",
    kinds: ["LeaderWorkerSet"],
    pods: [
      ["spec", "leaderWorkerTemplate", "leaderTemplate", "spec"],
      ["spec", "leaderWorkerTemplate", "workerTemplate", "spec"]
    ]
  }
];
var ANY_KIND = [
  ["spec", "template", "spec"],
  ["spec", "jobTemplate", "spec", "template", "spec"]
];
var ARGO_WORKFLOW_SPEC = {
  Workflow: ["spec"],
  WorkflowTemplate: ["spec"],
  ClusterWorkflowTemplate: ["spec"],
  CronWorkflow: ["spec", "workflowSpec"]
};
var inGroup = (object, group) => typeof object.apiVersion === "string" && object.apiVersion.startsWith(`${group}/`);
function at(object, pattern, base = []) {
  if (!pattern.length) return [{ value: object, path: base }];
  const [key, ...rest] = pattern;
  if (key === "*") {
    return Array.isArray(object) ? object.flatMap((item, i) => at(item, rest, [...base, i])) : [];
  }
  return isMapping(object) && key in object ? at(object[key], rest, [...base, key]) : [];
}
var objects = (list, path) => Array.isArray(list) ? list.flatMap((value, i) => isMapping(value) ? [{ value, path: [...path, i] }] : []) : [];
var looksLikePodSpec = (spec) => isMapping(spec) && Array.isArray(spec.containers) && spec.containers.some((c) => isMapping(c) && "image" in c);
var CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"];
function fromPodSpec(spec, path) {
  return {
    path,
    containers: CONTAINER_LISTS.flatMap((list) => objects(spec[list], [...path, list])),
    volumes: objects(spec.volumes, [...path, "volumes"]),
    pullSecrets: objects(spec.imagePullSecrets, [...path, "imagePullSecrets"])
  };
}
function fromArgoTemplate(template, path) {
  const one = (key) => isMapping(template[key]) ? [{ value: template[key], path: [...path, key] }] : [];
  return {
    path,
    containers: [
      ...objects(template.initContainers, [...path, "initContainers"]),
      ...one("container"),
      ...one("script"),
      ...objects(template.containerSet?.containers, [...path, "containerSet", "containers"]),
      ...objects(template.sidecars, [...path, "sidecars"])
    ],
    volumes: objects(template.volumes, [...path, "volumes"]),
    pullSecrets: []
  };
}
function argoWorkflow(spec, path) {
  if (!isMapping(spec)) return [];
  const out = [
    {
      path,
      containers: [],
      volumes: objects(spec.volumes, [...path, "volumes"]),
      pullSecrets: objects(spec.imagePullSecrets, [...path, "imagePullSecrets"])
    },
    ...objects(spec.templates, [...path, "templates"]).map((t) => fromArgoTemplate(t.value, t.path))
  ];
  if (isMapping(spec.templateDefaults))
    out.push(fromArgoTemplate(spec.templateDefaults, [...path, "templateDefaults"]));
  return out;
}
function podsOf(object) {
  const kind = object.kind;
  const builtIn = BUILT_IN[kind];
  if (builtIn) {
    return at(object, builtIn).flatMap(({ value, path }) => isMapping(value) ? [fromPodSpec(value, path)] : []);
  }
  const argo = ARGO_WORKFLOW_SPEC[kind];
  if (argo && inGroup(object, "argoproj.io")) return argoWorkflow(at(object, argo)[0]?.value, argo);
  const custom = CUSTOM.find((c) => c.kinds.includes(kind) && inGroup(object, c.group));
  return [...custom?.pods ?? [], ...ANY_KIND].flatMap(
    (pattern) => at(object, pattern).flatMap(({ value, path }) => looksLikePodSpec(value) ? [fromPodSpec(value, path)] : [])
  );
}
function podSpecs(doc) {
  const out = [];
  const visit = (object, base) => {
    if (!isMapping(object)) return;
    if (object.kind === "List" && Array.isArray(object.items)) {
      object.items.forEach((item, i) => {
        visit(item, [...base, "items", i]);
      });
      return;
    }
    if (typeof object.kind !== "string") return;
    const owner = {
      kind: object.kind,
      name: String(object.metadata?.name ?? object.metadata?.generateName ?? "(unnamed)"),
      namespace: typeof object.metadata?.namespace === "string" ? object.metadata.namespace : void 0,
      doc
    };
    const rebase = (l) => ({ value: l.value, path: [...base, ...l.path] });
    for (const found of podsOf(object)) {
      out.push({
        ...owner,
        path: [...base, ...found.path],
        containers: found.containers.map(rebase),
        volumes: found.volumes.map(rebase),
        pullSecrets: found.pullSecrets.map(rebase)
      });
    }
  };
  visit(doc.data, []);
  return out;
}

// src/core/preflight/checks/images-pinned.ts
var isPinned = (image) => /@sha256:[0-9a-f]{64}$/i.test(image);
function imageName(image) {
  const noDigest = image.split("@")[0];
  const slash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}
function composeImage(raw, values) {
  return substituteVariables(raw, new Map(Object.entries(values)));
}
var composeServices = (data) => {
  const services = data?.services;
  return services && typeof services === "object" && !Array.isArray(services) && !data.kind ? services : void 0;
};
async function imagesIn(file, ctx) {
  if (isDockerignore(file)) return [];
  const text = await readManifestText(ctx.repo, file);
  if (isDockerfile(file)) return dockerfileImages(text, file);
  const out = [];
  const add = (raw, line, from) => {
    const { text: image, unresolved } = composeImage(raw, ctx.environment.values);
    out.push(
      foundImage(
        { image, file, line, from },
        unresolved,
        (names) => `uses ${names}, which environment "${ctx.environment.name}" does not define`
      )
    );
  };
  for (const doc of parseYamlDocs(text, file)) {
    const services = composeServices(doc.data);
    if (services) {
      for (const [name, service] of Object.entries(services)) {
        if (typeof service?.image === "string") {
          add(service.image, doc.lineOf(["services", name, "image"]), `service ${name}`);
        }
      }
      continue;
    }
    for (const pod of podSpecs(doc)) {
      for (const { value: container, path } of pod.containers) {
        if (typeof container.image !== "string") continue;
        add(container.image, doc.lineOf([...path, "image"]), `${pod.kind} ${pod.name}, ${pathText(path)}`);
      }
    }
  }
  return out;
}
async function imagesPinnedCheck(check, ctx) {
  const files = await matchFiles(ctx.repo, check.files);
  if (!files.length) {
    return [result(check.id, "no-files", `no file matches ${check.files.join(", ")}; fix \`files\` in the check`)];
  }
  const allowed = anyGlob(check.allow ?? []);
  const out = [];
  let count = 0;
  for (const file of files) {
    let images;
    try {
      images = await imagesIn(file, ctx);
    } catch (error) {
      out.push(fileResult(`${check.id}:${file}`, error, file));
      continue;
    }
    for (const ref of images) {
      count++;
      const where2 = `${ref.file}${ref.line ? `:${ref.line}` : ""}`;
      const source = ref.from ? `${ref.from}: ` : "";
      if (ref.image.includes("{{")) {
        out.push(
          result(
            `${check.id}:${where2}`,
            "not-checkable",
            `${source}image "${ref.image}" is a template expression; check what \`helm template\` renders from it`,
            ref
          )
        );
        continue;
      }
      if (allowed(ref.image) || allowed(imageName(ref.image))) continue;
      if (!ref.unknown && isPinned(ref.image)) continue;
      const why = ref.unknown ? `image "${ref.image}" ${ref.unknown}` : ref.image.includes(":", ref.image.lastIndexOf("/") + 1) || ref.image.includes("@") ? `image "${ref.image}" is referenced by a tag without a digest, so a restart may pull something else; pin it as ${imageName(ref.image)}:<tag>@sha256:<digest>` : `image "${ref.image}" has no tag, so it means the mutable "latest"; pin it as ${ref.image}:<tag>@sha256:<digest>`;
      out.push(result(`${check.id}:${where2}`, "unpinned-image", `${source}${why}`, ref));
    }
  }
  if (out.length) return out;
  return [result(check.id, "passed", `all ${count} image reference${count === 1 ? "" : "s"} are pinned by digest`)];
}

// src/core/preflight/checks/k8s-refs.ts
var VOLUME_SECRET_REFS = [
  ["cephfs", "secretRef", "name"],
  ["rbd", "secretRef", "name"],
  ["iscsi", "secretRef", "name"],
  ["scaleIO", "secretRef", "name"],
  ["flexVolume", "secretRef", "name"],
  ["cinder", "secretRef", "name"],
  ["storageos", "secretRef", "name"],
  ["csi", "nodePublishSecretRef", "name"]
];
function refsOf(pod, namespace) {
  const refs = [];
  const add = (kind, value, path, nameField, key) => {
    if (!isMapping(value) || typeof value[nameField] !== "string") return;
    refs.push({
      kind,
      name: value[nameField],
      key,
      optional: value.optional === true,
      namespace,
      file: pod.doc.file,
      line: pod.doc.lineOf(path),
      from: `${pod.kind} ${pod.name} (${pathText(path)})`
    });
  };
  const addWithItems = (kind, value, path, nameField) => {
    if (!isMapping(value)) return;
    const items = Array.isArray(value.items) ? value.items.filter((i) => typeof i?.key === "string") : [];
    if (!items.length) add(kind, value, path, nameField);
    items.forEach((item, i) => {
      add(kind, value, [...path, "items", i], nameField, item.key);
    });
  };
  for (const { value: container, path } of pod.containers) {
    (Array.isArray(container.env) ? container.env : []).forEach((e, i) => {
      const vf = e?.valueFrom;
      if (!isMapping(vf)) return;
      const p = [...path, "env", i, "valueFrom"];
      if (isMapping(vf.secretKeyRef))
        add("secret", vf.secretKeyRef, [...p, "secretKeyRef"], "name", vf.secretKeyRef.key);
      if (isMapping(vf.configMapKeyRef))
        add("configmap", vf.configMapKeyRef, [...p, "configMapKeyRef"], "name", vf.configMapKeyRef.key);
    });
    (Array.isArray(container.envFrom) ? container.envFrom : []).forEach((e, i) => {
      const p = [...path, "envFrom", i];
      if (isMapping(e?.secretRef)) add("secret", e.secretRef, [...p, "secretRef"], "name");
      if (isMapping(e?.configMapRef)) add("configmap", e.configMapRef, [...p, "configMapRef"], "name");
    });
  }
  for (const { value: v, path: p } of pod.volumes) {
    if (isMapping(v.secret)) addWithItems("secret", v.secret, [...p, "secret"], "secretName");
    if (isMapping(v.configMap)) addWithItems("configmap", v.configMap, [...p, "configMap"], "name");
    if (isMapping(v.azureFile)) add("secret", v.azureFile, [...p, "azureFile"], "secretName");
    for (const [type, field, nameField] of VOLUME_SECRET_REFS) {
      if (isMapping(v[type])) add("secret", v[type][field], [...p, type, field], nameField);
    }
    const sources = v.projected?.sources;
    (Array.isArray(sources) ? sources : []).forEach((s, j) => {
      const sp = [...p, "projected", "sources", j];
      if (isMapping(s?.secret)) addWithItems("secret", s.secret, [...sp, "secret"], "name");
      if (isMapping(s?.configMap)) addWithItems("configmap", s.configMap, [...sp, "configMap"], "name");
    });
  }
  for (const { value, path } of pod.pullSecrets) add("secret", value, path, "name");
  return refs;
}
function parseInventory(data, inventory = /* @__PURE__ */ new Map()) {
  const items = Array.isArray(data) ? data : isMapping(data) && Array.isArray(data.items) ? data.items : [data];
  for (const item of items) {
    if (!isMapping(item) || !isMapping(item.metadata) || typeof item.metadata.name !== "string") continue;
    const kind = item.kind === "Secret" ? "secret" : item.kind === "ConfigMap" ? "configmap" : void 0;
    if (!kind) continue;
    const ns = typeof item.metadata.namespace === "string" ? item.metadata.namespace : "*";
    const keys = /* @__PURE__ */ new Set([
      ...Object.keys(isMapping(item.data) ? item.data : {}),
      ...Object.keys(isMapping(item.stringData) ? item.stringData : {}),
      ...Object.keys(isMapping(item.binaryData) ? item.binaryData : {})
    ]);
    if (!inventory.has(ns)) inventory.set(ns, /* @__PURE__ */ new Map());
    const byKind = inventory.get(ns);
    if (!byKind.has(kind)) byKind.set(kind, /* @__PURE__ */ new Map());
    byKind.get(kind).set(item.metadata.name, keys);
  }
  return inventory;
}
var lookup = (inventory, ref) => inventory.get(ref.namespace)?.get(ref.kind)?.get(ref.name) ?? inventory.get("*")?.get(ref.kind)?.get(ref.name);
async function inventoryFromFile(check, ctx) {
  const file = check.inventory;
  let data;
  try {
    data = JSON.parse(stripBom(await readRepoText(ctx.repo, file)));
  } catch (error) {
    const reason = error instanceof RepoPathError ? error.reason : void 0;
    return result(
      check.id,
      "no-files",
      reason === "missing" ? `the inventory ${file} does not exist in the checkout; export it with \`kubectl get secrets,configmaps -o json\`` : reason === "outside" || reason === "special" ? `the inventory ${error.message}` : `the inventory ${file} cannot be read (${error.code ?? error.message}); it must be kubectl's \`get -o json\` output`
    );
  }
  return parseInventory(data);
}
async function inventoryFromKubectl(check, ctx, namespaces) {
  const inventory = /* @__PURE__ */ new Map();
  for (const ns of namespaces) {
    const args = ["get", "secrets,configmaps", "-o", "json", "-n", ns];
    if (check.kubectl?.context) args.push("--context", check.kubectl.context);
    const outcome = await execProgram("kubectl", args, {
      cwd: ctx.repo,
      // KUBECONFIG and cloud credentials may come from the environment's variables.
      env: commandEnv(ctx.processEnv, ctx.environment.values),
      signal: ctx.signal,
      maxOutput: 64 * 1024 * 1024
    });
    if (outcome.kind === "aborted") throw ctx.signal.reason;
    const shown = `kubectl ${args.join(" ")}`;
    if (outcome.kind === "not-started") return result(check.id, "command-failed", `${shown}: ${outcome.reason}`);
    if (outcome.code !== 0) {
      return result(
        check.id,
        "command-failed",
        `${shown} exited ${outcome.code}${outputTail(outcome.stdout, outcome.stderr)}; check the context and credentials`
      );
    }
    try {
      parseInventory(JSON.parse(outcome.stdout), inventory);
    } catch {
      return result(check.id, "command-failed", `${shown} did not print JSON (${excerpt(outcome.stdout, 80)})`);
    }
  }
  return inventory;
}
var kindWord = (kind) => kind === "secret" ? "secret" : "config map";
async function k8sRefsCheck(check, ctx) {
  const files = await matchFiles(ctx.repo, check.manifests);
  if (!files.length) {
    return [
      result(check.id, "no-files", `no file matches ${check.manifests.join(", ")}; fix \`manifests\` in the check`)
    ];
  }
  const refs = [];
  const out = [];
  for (const file of files) {
    let docs;
    try {
      docs = await readYamlDocs(ctx.repo, file, "kubernetes");
    } catch (error) {
      out.push(fileResult(`${check.id}:${file}`, error, file));
      continue;
    }
    for (const doc of docs) {
      for (const pod of podSpecs(doc)) refs.push(...refsOf(pod, check.namespace ?? pod.namespace ?? "default"));
    }
  }
  const templated = refs.filter((r) => r.name.includes("{{"));
  for (const ref of templated) {
    out.push(
      result(
        `${check.id}:${ref.kind}/${ref.name}`,
        "not-checkable",
        `${ref.from} references ${kindWord(ref.kind)} "${ref.name}", a template expression; check what \`helm template\` renders from it`,
        ref
      )
    );
  }
  const needed = refs.filter((r) => !r.optional && !templated.includes(r));
  const namespaces = [...new Set(needed.map((r) => r.namespace))].sort();
  const inventory = check.inventory ? await inventoryFromFile(check, ctx) : await inventoryFromKubectl(check, ctx, namespaces);
  if (!(inventory instanceof Map)) return [...out, inventory];
  const seen = /* @__PURE__ */ new Set();
  for (const ref of needed) {
    const keys = lookup(inventory, ref);
    const subject = `${ref.kind}/${ref.name}`;
    if (!keys) {
      const id2 = `${check.id}:${subject}`;
      if (seen.has(id2)) continue;
      seen.add(id2);
      out.push(
        result(
          id2,
          ref.kind === "secret" ? "missing-secret" : "missing-configmap",
          `${ref.from} references ${kindWord(ref.kind)} "${ref.name}", which does not exist in namespace "${ref.namespace}"; create it (or fix the name) before the next rollout`,
          ref
        )
      );
      continue;
    }
    if (ref.key === void 0 || keys.has(ref.key)) continue;
    const id = `${check.id}:${subject}:${ref.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(
      result(
        id,
        "missing-key",
        `${ref.from} references key "${ref.key}" of ${kindWord(ref.kind)} "${ref.name}" in namespace "${ref.namespace}", which has no such key (it has: ${[...keys].sort().join(", ") || "none"}); add the key or fix the reference`,
        ref
      )
    );
  }
  if (out.length) return out;
  return [
    result(
      check.id,
      "passed",
      `every secret and config map referenced by ${files.length} manifest file${files.length > 1 ? "s" : ""} exists (${needed.length} reference${needed.length === 1 ? "" : "s"})`
    )
  ];
}

// src/core/preflight/checks/tcp.ts
import { connect } from "node:net";
function parsePort(port) {
  const n = typeof port === "number" ? port : /^\d+$/.test(port.trim()) ? Number(port) : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? n : void 0;
}
async function tcpCheck(check, ctx) {
  const port = parsePort(check.port);
  if (port === void 0) {
    return [
      result(
        check.id,
        "unreachable",
        `port is "${check.port}", not a port number (1-65535); fix the variable it comes from, or the check`
      )
    ];
  }
  if (!check.host.trim()) return [result(check.id, "unreachable", "the host is empty; set the variable it names")];
  const where2 = `${check.host}:${port}`;
  const error = await new Promise((resolve4, reject) => {
    const socket = connect({ host: check.host, port });
    const onAbort = () => {
      socket.destroy();
      reject(ctx.signal.reason);
    };
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => {
      ctx.signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve4(void 0);
    });
    socket.once("error", (e) => {
      ctx.signal.removeEventListener("abort", onAbort);
      socket.destroy();
      resolve4(e);
    });
  });
  if (!error) return [result(check.id, "passed", `${where2} accepts connections`)];
  const hint = error.code === "ENOTFOUND" || error.code === "EAI_AGAIN" ? "the host does not resolve; check its DNS (private DNS for a VPC endpoint?)" : "nothing accepts connections there from this runner; check the service, the security group and the firewall";
  return [result(check.id, "unreachable", `cannot connect to ${where2} (${error.code ?? error.message}): ${hint}`)];
}

// src/core/preflight/runner.ts
var RUNNERS = {
  env: envCheck,
  http: httpCheck,
  tcp: tcpCheck,
  dns: dnsCheck,
  command: commandCheck,
  "k8s-refs": k8sRefsCheck,
  "images-pinned": imagesPinnedCheck,
  aws: awsCheck
};
var RETRIED = /* @__PURE__ */ new Set(["http", "tcp", "dns", "command"]);
var couldNotRun = (check, error) => [
  result(check.id, "could-not-run", `the check could not run: ${error.message}`)
];
var backoff = (attempt2, signal) => new Promise((resolve4) => {
  const timer = setTimeout(done, Math.min(2e3, 250 * 2 ** attempt2));
  function done() {
    clearTimeout(timer);
    signal.removeEventListener("abort", done);
    resolve4();
  }
  signal.addEventListener("abort", done, { once: true });
});
async function attempt(check, ctx, timeoutMs, budget) {
  let timer;
  try {
    const outcome = await withTimeout(timeoutMs, (signal) => {
      timer = signal;
      return RUNNERS[check.type](check, { ...ctx, signal: AbortSignal.any([budget, signal]), timeoutMs });
    });
    return outcome?.value;
  } catch (error) {
    if (budget.aborted) throw budget.reason;
    if (error instanceof UserError) throw error;
    return timer?.aborted ? void 0 : couldNotRun(check, error);
  }
}
function interpolateCheck(check, environment, place) {
  if (check.type === "env") return { resolved: check };
  const skip = ["run", "command", "id", "type", "environments", "exists"];
  const { value, missing } = interpolateDeep(check, environment.values, skip);
  if (!missing.length) return { resolved: value };
  return {
    missing: result(check.id, "missing-variable", `the check uses ${undefinedIn(missing, environment.name)}`, place)
  };
}
async function runCheck(planned, options, budget) {
  const { check } = planned;
  const ctx = { ...options.context, concurrency: options.defaults.concurrency };
  const interpolated = interpolateCheck(check, ctx.environment, { file: ctx.configFile, line: planned.line });
  if ("missing" in interpolated) return [interpolated.missing];
  const resolved = interpolated.resolved;
  const timeoutText = check.timeout ?? options.defaults.timeout;
  const timeoutMs = parseDuration(timeoutText);
  const retries = RETRIED.has(check.type) ? check.retries ?? options.defaults.retries : 0;
  let last = [];
  for (let n = 0; n <= retries; n++) {
    if (budget.aborted) throw budget.reason;
    last = await attempt(resolved, ctx, timeoutMs, budget) ?? [
      result(
        check.id,
        "timeout",
        `no answer within ${timeoutText}${retries ? ` in ${n + 1} attempts` : ""}; check that the target is up and reachable from here, or raise \`timeout\``
      )
    ];
    if (last.every((r) => r.status === "pass") || n === retries) break;
    await backoff(n, budget);
  }
  return last;
}
var usesCommands = (check) => check.type === "command" || check.type === "k8s-refs" && check.kubectl !== void 0;
async function runChecks(planned, options) {
  const budgetText = options.defaults.budget;
  const budgetMs = Math.max(0, options.budgetMs ?? parseDuration(budgetText));
  const overBudget = (check) => [
    result(
      check.id,
      "timeout",
      options.stop?.aborted ? "the stage was stopped before this check finished; run it again to check" : `the preflight budget of ${budgetText} ran out before this check finished; make the slow checks faster or raise \`defaults.budget\``
    )
  ];
  const finished = planned.map(() => void 0);
  const done = (index, results) => {
    finished[index] = results;
    options.onDone?.(planned[index].check, results);
  };
  await withTimeout(budgetMs, async (timer) => {
    const budget = options.stop ? AbortSignal.any([timer, options.stop]) : timer;
    setMaxListeners(0, budget);
    const network = createPool(options.defaults.concurrency, budget);
    const commands = createPool(options.defaults.command_concurrency, budget);
    const stopped = new Promise((resolve4) => budget.addEventListener("abort", () => resolve4(), { once: true }));
    await Promise.race([
      stopped,
      Promise.all(
        planned.map(async (p, index) => {
          const pool = usesCommands(p.check) ? commands : network;
          const results = await pool(() => runCheck(p, options, budget)).catch((error) => {
            if (error instanceof UserError) throw error;
            return budget.aborted ? overBudget(p.check) : couldNotRun(p.check, error);
          });
          if (!budget.aborted) done(index, results);
        })
      )
    ]);
  });
  planned.forEach((p, index) => {
    if (!finished[index]) done(index, overBudget(p.check));
  });
  return finished.flatMap((results) => results ?? []);
}

// src/core/preflight/stage.ts
function plannedChecks(loaded, section, environment) {
  const listed2 = loaded.config[section] ?? [];
  return listed2.map((check, index) => ({ check, line: loaded.lineOf([section, index]), index })).filter((p) => appliesTo(p.check, environment));
}
var checkContext = (options) => ({
  repo: options.repo,
  environment: options.environment,
  configFile: options.loaded.file,
  loadOther: options.loadOther,
  processEnv: options.processEnv ?? process.env
});
async function runPreflightStage(options) {
  const { loaded, environment } = options;
  const { config } = loaded;
  const context = checkContext(options);
  const planned = plannedChecks(loaded, "preflight", environment.name);
  const identity = environment.config.identity;
  const results = [];
  const started = Date.now();
  if (identity) {
    const outcome = await checkIdentity({
      identity,
      environment,
      repo: options.repo,
      processEnv: context.processEnv,
      // The budget bounds the whole stage, identity included.
      timeoutMs: Math.min(
        parseDuration(identity.timeout ?? config.defaults.timeout),
        parseDuration(config.defaults.budget)
      ),
      pending: planned.length,
      place: { file: loaded.file, line: loaded.lineOf(["environments", environment.name, "identity"]) }
    });
    options.log?.("preflight: identity checked");
    results.push(outcome);
    if (outcome.status !== "pass") return finish(options, [outcome]);
  }
  let done = 0;
  options.log?.(`preflight: ${planned.length} check${planned.length === 1 ? "" : "s"} for "${environment.name}"`);
  results.push(
    ...await runChecks(planned, {
      context,
      defaults: config.defaults,
      budgetMs: parseDuration(config.defaults.budget) - (Date.now() - started),
      // Progress only: what finished and how many are left. Verdicts are the report's to tell, once.
      onDone: (check) => options.log?.(`preflight: ${++done} of ${planned.length} done (${check.id})`)
    })
  );
  return finish(options, results);
}
function finish(options, results) {
  return stageReport("preflight", results, options.strict);
}

// src/core/stages/preflight.ts
var checkStageOptions = ({ host, prepared }) => ({
  loaded: prepared.loaded,
  environment: prepared.environment,
  repo: host.repo,
  loadOther: prepared.loadOther,
  processEnv: host.processEnv,
  strict: host.strict,
  log: host.log
});
var preflightPart = {
  name: "preflight",
  nothing: "no preflight check (and no identity)",
  applies: (loaded, environment) => (loaded.config.preflight ?? []).some((check) => appliesTo(check, environment.name)) || Boolean(environment.config.identity),
  run: (run) => runPreflightStage(checkStageOptions(run))
};

// src/core/verify/hosts.ts
import { isIPv6 as isIPv62 } from "node:net";
function parseHost(text) {
  const value = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(value);
  if (bracketed) return isIPv62(bracketed[1]) && portOk(bracketed[2]) ? { label: value } : void 0;
  if (isIPv62(value)) return { label: `[${value}]` };
  const plain = /^([A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(value);
  return plain && portOk(plain[2]) ? { label: value } : void 0;
}
var portOk = (port) => port === void 0 || Number(port) >= 1 && Number(port) <= 65535;
var hostOf = (address, port) => ({
  label: `${isIPv62(address) ? `[${address}]` : address}${port === void 0 ? "" : `:${port}`}`
});
function sourceName(check) {
  if (check.dns) return check.dns.name;
  if (check.command !== void 0) return `\`${excerpt(check.command, 60)}\``;
  return "`hosts`";
}
function fromLines(lines, from) {
  const hosts = /* @__PURE__ */ new Map();
  for (const line of lines) {
    const host = parseHost(line);
    if (!host) return { problem: `${from} gave "${excerpt(line, 80)}", which is not host or host:port` };
    hosts.set(host.label, host);
  }
  return { hosts: [...hosts.values()] };
}
async function listHosts(check, ctx) {
  if (check.hosts) return fromLines(check.hosts, "`hosts`");
  if (check.dns) {
    const { name, server, port } = check.dns;
    try {
      const addresses = await resolveAddresses(name, server, ctx);
      return { hosts: addresses.sort().map((a) => hostOf(a, port)) };
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      const code = error.code ?? error.message;
      return { problem: `${name} did not resolve${server ? ` (asking ${server})` : ""} (${code})` };
    }
  }
  const command = check.command ?? "";
  const outcome = await execProgram("sh", ["-c", command], {
    cwd: ctx.repo,
    env: commandEnv(ctx.processEnv, ctx.values),
    signal: ctx.signal
  });
  const shown = sourceName(check);
  if (outcome.kind === "aborted") throw ctx.signal.reason;
  if (outcome.kind === "not-started") return { problem: `${shown} could not start: ${outcome.reason}` };
  if (outcome.code !== 0) {
    return { problem: `${shown} ${howItEnded(outcome)}${outputTail(outcome.stdout, outcome.stderr)}` };
  }
  const lines = outcome.stdout.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  return fromLines(lines, shown);
}

// src/core/verify/verdict.ts
var hostsNeeded = (check) => Math.max(1, check.dns?.expect_hosts ?? 1);
var PRECEDENCE = ["version-regressed", "unhealthy", "hosts-missing", "rollout-incomplete"];
var STATUS = {
  "rolled-out": "pass",
  "version-regressed": "fail",
  unhealthy: "fail",
  "hosts-missing": "fail",
  "rollout-incomplete": "fail"
};
function spoken(ms) {
  if (ms < 1e3) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1e3);
  if (s < 60) return `${s}s`;
  return s % 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s / 60}m`;
}
function hostVerdict(state) {
  if (state.regressedTo !== void 0) return "version-regressed";
  if (state.unhealthy) return "unhealthy";
  return state.rolledOut ? "rolled-out" : "rollout-incomplete";
}
var reasonOf = (poll) => poll?.kind === "error" ? poll.reason : "";
function what(state, version, consecutive) {
  const { label } = state.host;
  const served = version ?? "the expected answer";
  switch (hostVerdict(state)) {
    case "version-regressed":
      return `${label} served ${served}, then ${state.regressedTo}`;
    case "unhealthy":
      return `${label} failed ${state.errors} polls in a row (${reasonOf(state.last)})`;
    case "rolled-out":
      return `${label} serves ${served}${consecutive > 1 ? ` (${consecutive} polls in a row)` : ""}`;
  }
  const last = state.last;
  if (!last) return `${label} was not polled yet`;
  if (last.kind === "lagging") return `${label} still serves ${last.version}`;
  if (last.kind === "error") {
    const before = state.served ? served : state.version;
    return before === void 0 ? `${label} has not answered (${last.reason})` : `${label} served ${before}, then failed (${last.reason})`;
  }
  return `${label} served ${served} only ${state.streak} of ${consecutive} polls in a row`;
}
function when(ending, check) {
  if (ending.kind === "deadline") return `after ${check.deadline}`;
  if (ending.kind === "stopped") return `when the verify was stopped after ${spoken(ending.took ?? 0)}`;
  return "when the check ended";
}
var NEXT = {
  "version-regressed": () => "an old build is back in service: find what replaced it before this release counts as deployed",
  unhealthy: () => "fix the host, or raise `error_limit` if it is only slow to start",
  "hosts-missing": (c) => c.dns ? "bring the missing instances up, or fix `expect_hosts` or the DNS name" : "make the host list name the instances",
  "rollout-incomplete": () => "finish the rollout, or raise `deadline` if it needs longer"
};
function listed(clauses) {
  const shown = clauses.slice(0, 3).join(", ");
  return clauses.length > 3 ? `${shown} and ${clauses.length - 3} more` : shown;
}
function rolloutResults(check, states, ending, place, version) {
  const at2 = { ...place.file ? { file: place.file } : {}, ...place.file && place.line ? { line: place.line } : {} };
  const make = (id, verdict2, message2, where2 = {}) => ({
    id,
    status: STATUS[verdict2],
    verdict: verdict2,
    message: message2,
    ...where2
  });
  const need = hostsNeeded(check);
  const byVerdict = (v) => states.filter((s) => hostVerdict(s) === v);
  const ready = byVerdict("rolled-out").length;
  const head = states.length === 0 ? "no host to poll" : `${ready} of ${states.length} host${states.length === 1 ? "" : "s"} ${version ? `serve${states.length === 1 ? "s" : ""} ${version}` : "answered as expected"}`;
  const missing = states.length < need;
  const failing = PRECEDENCE.find((v) => v === "hosts-missing" ? missing : byVerdict(v).length > 0);
  const verdict = failing ?? (ending.kind === "done" ? "rolled-out" : "rollout-incomplete");
  let detail = "";
  if (verdict === "hosts-missing") {
    const source = sourceName(check);
    detail = `${source} lists ${states.length} host${states.length === 1 ? "" : "s"}, ${need} expected${ending.listProblem ? ` (${ending.listProblem})` : ""} ${when(ending, check)}`;
  } else if (verdict === "rollout-incomplete") {
    const lagging = byVerdict("rollout-incomplete").map((s) => what(s, version, check.consecutive));
    detail = `${lagging.length ? listed(lagging) : "the rollout was not seen through"} ${when(ending, check)}`;
  } else if (verdict !== "rolled-out") {
    detail = listed(byVerdict(verdict).map((s) => what(s, version, check.consecutive)));
  }
  const message = verdict === "rolled-out" ? head : `${head}; ${detail}; ${NEXT[verdict](check)}`;
  const perHost = states.map((s) => {
    const v = hostVerdict(s);
    const clause = what(s, version, check.consecutive);
    const text = v === "rolled-out" ? clause : v === "rollout-incomplete" ? `${clause} ${when(ending, check)}` : clause;
    return make(`${check.id}:${s.host.label}`, v, v === "rolled-out" ? text : `${text}; ${NEXT[v](check)}`);
  });
  return [make(check.id, verdict, message, at2), ...perHost];
}

// src/core/verify/progress.ts
function progressLine(p, now = Date.now()) {
  const on = p.version === void 0 ? "ready" : `on ${p.version}`;
  const left = Math.max(0, p.deadlineAt - now);
  return `${p.id}: ${p.ready}/${p.total} host${p.total === 1 ? "" : "s"} ${on}, ${spoken(Math.ceil(left / 1e3) * 1e3)} left`;
}

// src/core/verify/probe.ts
import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { isIP } from "node:net";
var shownValue = (value) => typeof value === "string" ? value : JSON.stringify(value);
function createAgents() {
  const options = { keepAlive: true, maxSockets: 1, scheduling: "lifo" };
  const http = new HttpAgent(options);
  const https = new HttpsAgent(options);
  return {
    http,
    https,
    destroy: () => {
      http.destroy();
      https.destroy();
    }
  };
}
function expectedPaths(check) {
  return Object.entries(check.expect?.json ?? {}).map(([path, expected]) => ({
    path,
    segments: parseJsonPath(path),
    expected
  }));
}
var expectedVersion = (target) => target.paths.length ? shownValue(target.paths[0].expected) : void 0;
var MAX_BODY2 = 256 * 1024;
var causeOf2 = (error) => error.code ?? error.message ?? String(error);
function get(url, target, signal) {
  const https = url.protocol === "https:";
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const servername = target.hostHeader ?? (isIP(hostname) ? void 0 : hostname);
  return new Promise((resolve4, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      {
        hostname,
        port: url.port || void 0,
        path: `${url.pathname}${url.search}`,
        method: "GET",
        headers: { host: target.hostHeader ?? url.host, "user-agent": "deploy-gate verify", accept: "*/*" },
        agent: https ? target.agents.https : target.agents.http,
        ...https && servername ? { servername } : {},
        signal
      },
      (res) => {
        const chunks2 = [];
        let size = 0;
        res.on("data", (chunk) => {
          if (size >= MAX_BODY2) return;
          chunks2.push(chunk);
          size += chunk.length;
          if (size >= MAX_BODY2) res.destroy();
        });
        let ended = false;
        res.on("end", () => {
          ended = true;
        });
        res.on("close", () => {
          if (ended || size >= MAX_BODY2) {
            resolve4({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks2).subarray(0, MAX_BODY2).toString("utf8")
            });
          } else reject(new Error("the connection closed mid-answer"));
        });
        res.on("error", reject);
      }
    );
    req.on("error", reject);
    req.end();
  });
}
async function pollHost(host, target, stop) {
  let url;
  try {
    url = new URL(target.url.replaceAll(HOST_PLACEHOLDER, host.label));
  } catch {
    return { kind: "error", reason: `"${target.url.replaceAll(HOST_PLACEHOLDER, host.label)}" is not a valid URL` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { kind: "error", reason: `${url.protocol} URLs cannot be polled; use http:// or https://` };
  }
  const poll = new AbortController();
  let timedOut = false;
  const handle = setTimeout(() => {
    timedOut = true;
    poll.abort(new Error("timeout"));
  }, target.timeoutMs);
  const onStop = () => poll.abort(stop.reason);
  stop.addEventListener("abort", onStop, { once: true });
  let answer;
  try {
    if (stop.aborted) throw stop.reason;
    answer = await get(url, target, poll.signal);
  } catch (error) {
    if (stop.aborted) throw stop.reason;
    if (timedOut) {
      return { kind: "error", reason: `no answer from ${url.href} within ${target.timeoutText}`, timedOut: true };
    }
    return { kind: "error", reason: `GET ${url.href} failed (${causeOf2(error)})` };
  } finally {
    clearTimeout(handle);
    stop.removeEventListener("abort", onStop);
  }
  if (!statusOk(answer.status, target.expect)) {
    const want = target.expect?.status ?? "2xx";
    return {
      kind: "error",
      reason: `GET ${url.href} answered ${answer.status}, expected ${Array.isArray(want) ? want.join(" or ") : want}${answer.body ? ` (body: ${excerpt(answer.body, 80)})` : ""}`
    };
  }
  if (!target.paths.length) return { kind: "met" };
  let data;
  try {
    data = JSON.parse(answer.body);
  } catch {
    return { kind: "error", reason: `GET ${url.href} did not answer JSON (got: ${excerpt(answer.body, 80)})` };
  }
  for (const { path, segments, expected } of target.paths) {
    const found = valueAt(data, segments);
    if (!meetsExpectation(found, expected)) {
      const version = found.found ? shownValue(found.value) : `no ${path}`;
      return { kind: "lagging", version: target.paths[0].path === path ? version : `${path} ${version}` };
    }
  }
  return { kind: "met" };
}

// src/core/verify/rollout.ts
import { setMaxListeners as setMaxListeners2 } from "node:events";
var sleep = (ms, signal) => new Promise((resolve4) => {
  const done = () => {
    clearTimeout(timer);
    signal.removeEventListener("abort", done);
    resolve4();
  };
  const timer = setTimeout(done, ms);
  signal.addEventListener("abort", done, { once: true });
});
var nextGap = (intervalMs, random = Math.random()) => intervalMs * (1 - 0.2 * random);
function record(state, poll, consecutive, errorLimit) {
  state.polls++;
  state.last = poll;
  if (poll.kind === "error") {
    state.errors++;
    state.streak = 0;
    if (state.errors >= errorLimit) state.unhealthy = true;
    return;
  }
  state.errors = 0;
  if (poll.kind === "lagging") {
    state.streak = 0;
    state.version = poll.version;
    if (state.served) state.regressedTo = poll.version;
    return;
  }
  state.served = true;
  state.streak++;
  if (state.streak >= consecutive) state.rolledOut = true;
}
async function watchRollout(options) {
  const { check } = options;
  const intervalMs = parseDuration(check.interval);
  const deadlineAt = options.startedAt + parseDuration(check.deadline);
  const timeoutMs = parseDuration(options.timeoutText);
  const target = {
    url: check.url,
    hostHeader: check.host_header,
    expect: check.expect,
    // The schema has checked the paths: they parse.
    paths: expectedPaths(check),
    timeoutMs,
    timeoutText: options.timeoutText,
    agents: options.agents
  };
  const end = new AbortController();
  const signal = AbortSignal.any([end.signal, options.stop]);
  setMaxListeners2(0, signal);
  const hosts = /* @__PURE__ */ new Map();
  let listProblem;
  let listed2 = false;
  let ending;
  let shown = "";
  const finish2 = (how) => {
    ending ??= how;
    end.abort(new Error("rollout over"));
  };
  let ready = 0;
  const need = hostsNeeded(check);
  const progress = () => {
    const key = `${ready}/${hosts.size}`;
    if (key === shown) return;
    shown = key;
    options.onProgress?.({ id: check.id, ready, total: hosts.size, version: expectedVersion(target), deadlineAt });
  };
  const settle = (changed) => {
    if (changed && (changed.regressedTo !== void 0 || changed.unhealthy)) return finish2({ kind: "failed" });
    if (listed2 && hosts.size >= need && ready === hosts.size) finish2({ kind: "done" });
  };
  const pollLoop = async (state) => {
    while (!signal.aborted && !state.removed) {
      let poll;
      try {
        poll = await options.pool(() => pollHost(state.host, target, signal));
        for (let retry = 0; poll.kind === "error" && retry < options.retries && !signal.aborted; retry++) {
          poll = await options.pool(() => pollHost(state.host, target, signal));
        }
      } catch {
        return;
      }
      if (signal.aborted || state.removed) return;
      const was = state.rolledOut;
      record(state, poll, check.consecutive, check.error_limit);
      if (state.rolledOut && !was) ready++;
      progress();
      settle(state);
      await sleep(nextGap(intervalMs), signal);
    }
  };
  const refresh = async () => {
    const timer = AbortSignal.timeout(timeoutMs);
    let list;
    try {
      list = await listHosts(check, { ...options.list, signal: AbortSignal.any([signal, timer]), timeoutMs });
    } catch {
      if (signal.aborted) return;
      list = { problem: `listing the hosts took longer than ${options.timeoutText}` };
    }
    if (signal.aborted) return;
    if ("problem" in list) {
      listProblem = list.problem;
      return;
    }
    listProblem = void 0;
    listed2 = true;
    const now = new Set(list.hosts.map((h) => h.label));
    for (const [label, state] of hosts) {
      if (!now.has(label)) {
        state.removed = true;
        hosts.delete(label);
        if (state.rolledOut) ready--;
      }
    }
    for (const host of list.hosts) {
      if (hosts.has(host.label)) continue;
      const state = { host, polls: 0, streak: 0, errors: 0, served: false, rolledOut: false };
      hosts.set(host.label, state);
      void pollLoop(state);
    }
    progress();
    settle();
  };
  const deadline = setTimeout(() => finish2({ kind: "deadline" }), Math.max(0, deadlineAt - Date.now()));
  const onStop = () => finish2({ kind: "stopped" });
  if (options.stop.aborted) onStop();
  options.stop.addEventListener("abort", onStop, { once: true });
  try {
    const fixed = check.hosts !== void 0;
    await refresh();
    while (!signal.aborted && !fixed) {
      await sleep(intervalMs, signal);
      if (!signal.aborted) await refresh();
    }
    await new Promise((resolve4) => {
      if (signal.aborted) resolve4();
      else signal.addEventListener("abort", () => resolve4(), { once: true });
    });
  } finally {
    clearTimeout(deadline);
    options.stop.removeEventListener("abort", onStop);
  }
  const took = Date.now() - options.startedAt;
  return rolloutResults(
    check,
    [...hosts.values()],
    { kind: ending?.kind ?? "stopped", took, listProblem },
    options.place,
    expectedVersion(target)
  );
}

// src/core/verify/stage.ts
async function runVerifyStage(options) {
  const { loaded, environment } = options;
  const { config } = loaded;
  const context = checkContext(options);
  const stop = options.stop ?? new AbortController().signal;
  const planned = plannedChecks(loaded, "verify", environment.name);
  if (planned.length === 0) {
    throw new NothingToCheck(["verify"], environment.name, "no verify check", loaded.file);
  }
  const startedAt = Date.now();
  const rollouts = [];
  const others = [];
  for (const { check, line, index } of planned) {
    if (check.type === "rollout") rollouts.push({ check, line, index });
    else others.push({ check, line, index });
  }
  options.log?.(
    `verify: ${planned.length} check${planned.length === 1 ? "" : "s"} for "${environment.name}" (${rollouts.length} rollout${rollouts.length === 1 ? "" : "s"})`
  );
  const byIndex = /* @__PURE__ */ new Map();
  const { defaults } = config;
  const pool = createPool(defaults.concurrency, stop);
  const agents = createAgents();
  try {
    await Promise.all(
      rollouts.map(async (p) => {
        const place = { file: loaded.file, line: p.line };
        const interpolated = interpolateCheck(p.check, environment, place);
        if ("missing" in interpolated) return byIndex.set(p.index, [interpolated.missing]);
        const results = await watchRollout({
          check: interpolated.resolved,
          place,
          list: { repo: options.repo, values: environment.values, processEnv: context.processEnv },
          timeoutText: p.check.timeout ?? defaults.timeout,
          retries: p.check.retries ?? defaults.retries,
          agents,
          pool,
          startedAt,
          stop,
          onProgress: options.onProgress
        });
        byIndex.set(p.index, results);
      })
    );
  } finally {
    agents.destroy();
  }
  if (others.length) {
    const results = await runChecks(others, {
      context,
      defaults,
      stop
    });
    for (const p of others)
      byIndex.set(
        p.index,
        results.filter((r) => ownedBy(r, p.check))
      );
  }
  return stageReport(
    "verify",
    planned.flatMap((p) => byIndex.get(p.index) ?? []),
    options.strict
  );
}
var ownedBy = (r, check) => r.id === check.id || r.id.startsWith(`${check.id}:`);

// src/core/stages/verify.ts
var verifyPart = {
  name: "verify",
  nothing: "no verify check",
  applies: (loaded, environment) => (loaded.config.verify ?? []).some((check) => appliesTo(check, environment.name)),
  run: async (run) => {
    const { host } = run;
    const stop = new AbortController();
    const release = host.interrupts?.(() => stop.abort(new Error("interrupted")));
    const board = host.board?.();
    try {
      return await runVerifyStage({
        ...checkStageOptions(run),
        stop: stop.signal,
        onProgress: (p) => board?.set(p.id, (now) => progressLine(p, now))
      });
    } finally {
      board?.close();
      release?.();
    }
  }
};

// src/core/stages/registry.ts
var STAGES = {
  // The gate's parts run one after the other: a preflight command that touches the work tree must
  // not race the fingerprinting of the inputs. A failed identity stops the preflight, not the artifacts.
  gate: { parts: [artifactsPart, preflightPart], nothing: "no artifact and no preflight check" },
  artifacts: { parts: [artifactsPart] },
  record: { parts: [recordPart] },
  preflight: { parts: [preflightPart] },
  verify: { parts: [verifyPart] },
  predict: { parts: [predictPart] }
};

// src/core/stages/run-stage.ts
async function runStage(id, name, host) {
  const definition = STAGES[id];
  const head = headCommit(host.repo);
  head.catch(() => {
  });
  const done = new AbortController();
  const scan = definition.parts.some((part) => part.readsWorkTree) ? scanWorkTree(host.repo, head, done.signal) : void 0;
  try {
    return await runParts(definition, name, host, head, scan, done);
  } finally {
    done.abort();
  }
}
async function runParts(definition, name, host, head, scan, done) {
  const loaded = await host.config();
  const prepared = await prepareEnvironment(loaded, name, {
    repo: host.repo,
    processEnv: host.processEnv,
    variables: host.variables,
    secrets: host.secrets
  });
  host.useMasker(prepared.mask);
  const commit = await head;
  const applying3 = definition.parts.filter((part) => part.applies(loaded, prepared.environment));
  const stopWhenUnread = (next) => {
    if (!applying3.slice(next).some((part) => part.readsWorkTree)) done.abort();
  };
  stopWhenUnread(0);
  if (applying3.length === 0) {
    const what2 = definition.nothing ?? definition.parts.map((part) => part.nothing).join(" and ");
    throw new NothingToCheck(
      definition.parts.map((part) => part.name),
      name,
      what2,
      loaded.file
    );
  }
  const stages = [];
  for (const [k, part] of applying3.entries()) {
    stages.push(await part.run({ host, prepared, commit, scan }));
    stopWhenUnread(k + 1);
  }
  return report(stages, { environment: name, commit });
}

// src/core/progress-board.ts
var loggedBoard = (log2) => ({
  set: (_key, line) => log2(line(Date.now())),
  close: () => {
  }
});

export {
  processInterrupts,
  stageReport,
  report,
  exitCodeOf,
  stageTitle,
  stageSummaryLine,
  renderMarkdown,
  createMasker,
  outputMask,
  NothingToCheck,
  isDeployRecord,
  HISTORY_LIMIT,
  runStage,
  loggedBoard
};
