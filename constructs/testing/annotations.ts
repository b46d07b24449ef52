import * as ros from '@alicloud/ros-cdk-core';
import { Match, Matcher } from './match';
import { synthesizeStack } from './synth';

/** One warning or error synthesis recorded: the construct's path (`/Stack/Media/...`) and the message. */
export interface Annotation {
  /** Path of the construct the message is about, e.g. `/Stack/Media/...`. */
  readonly path: string;
  /** The warning or error text. */
  readonly message: string;
}

/** The warnings and errors a stack's synthesis recorded (`node.addWarning`, `node.addError`), as aws-cdk-lib/assertions reads them. */
export class Annotations {
  /** The annotations of `stack`, its app synthesized again. */
  static fromStack(stack: ros.Stack): Annotations {
    return new Annotations(synthesizeStack(stack).messages.map((m) => ({ level: m.level, path: m.id, message: String(m.entry.data ?? '') })));
  }

  private constructor(private readonly messages: ReadonlyArray<Annotation & { level: string }>) {}

  /** Warnings at `path` (`*`: anywhere) whose message matches (a string is a substring; or a matcher). */
  findWarning(path: string, message: string | Matcher): Annotation[] {
    return this.find('warning', path, message);
  }

  /** Errors at `path` (`*`: anywhere) whose message matches (a string is a substring; or a matcher). */
  findError(path: string, message: string | Matcher): Annotation[] {
    return this.find('error', path, message);
  }

  /** Throws unless a warning at `path` (`*`: anywhere) matches `message`, as in findWarning; the error lists every warning. */
  hasWarning(path: string, message: string | Matcher): void {
    this.expect('warning', path, message, true);
  }

  /** Throws if a warning at `path` (`*`: anywhere) matches `message`, as in findWarning. */
  hasNoWarning(path: string, message: string | Matcher): void {
    this.expect('warning', path, message, false);
  }

  /** Throws unless an error at `path` (`*`: anywhere) matches `message`, as in findError; the error lists every error. */
  hasError(path: string, message: string | Matcher): void {
    this.expect('error', path, message, true);
  }

  /** Throws if an error at `path` (`*`: anywhere) matches `message`, as in findError. */
  hasNoError(path: string, message: string | Matcher): void {
    this.expect('error', path, message, false);
  }

  private find(level: string, path: string, message: string | Matcher): Annotation[] {
    const matcher = typeof message === 'string' ? Match.stringLikeRegexp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message;
    return this.messages
      .filter((m) => m.level === level && (path === '*' || m.path === path) && matcher.test(m.message).length === 0)
      .map(({ path: at, message: text }) => ({ path: at, message: text }));
  }

  private expect(level: string, path: string, message: string | Matcher, present: boolean): void {
    const found = this.find(level, path, message);
    if (found.length > 0 === present) return;
    const all = this.messages.filter((m) => m.level === level).map((m) => `  ${m.path}: ${m.message}`);
    const article = present ? (level === 'error' ? 'an' : 'a') : 'no';
    const wanted = `${article} ${level} at ${path} matching ${typeof message === 'string' ? JSON.stringify(message) : message.toString()}`;
    throw new Error(`Expected ${wanted}; ${level}s recorded:\n${all.join('\n') || '  none'}`);
  }
}
