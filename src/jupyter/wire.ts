// The Jupyter wire protocol: messages, HMAC-SHA256 signing, and the ZeroMQ frames they travel in.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/** The messaging protocol version this client speaks. */
export const PROTOCOL_VERSION = '5.3';

/** Frames before this delimiter are ZeroMQ routing identities. */
const DELIMITER = Buffer.from('<IDS|MSG>');

export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export interface Message<Content = Record<string, unknown>> {
  header: MessageHeader;
  /** The header of the request this message answers, or {} for none. */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Content;
}

/** HMAC-SHA256 of the four JSON parts, hex encoded, as the wire protocol defines it. */
export function signParts(key: string, parts: readonly (string | Buffer)[]): string {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

/** Make a new request message for `session`. */
export function createMessage<Content extends object>(
  session: string,
  msgType: string,
  content: Content,
): Message<Content> {
  return {
    header: {
      msg_id: randomUUID(),
      session,
      username: 'basel-lab',
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: {},
    metadata: {},
    content,
  };
}

/** The frames to send for `message` on a Dealer socket: delimiter, signature, then the JSON parts. */
export function encodeMessage(key: string, message: Message<object>): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((part) =>
    Buffer.from(JSON.stringify(part)),
  );
  return [DELIMITER, Buffer.from(signParts(key, parts)), ...parts];
}

/**
 * Decode received frames (optional identities, delimiter, signature, header, parent, metadata,
 * content, buffers…). Throws when the delimiter is missing or the signature does not match `key`.
 */
export function decodeMessage(key: string, frames: readonly Buffer[]): Message {
  const at = frames.findIndex((frame) => frame.equals(DELIMITER));
  if (at < 0) throw new Error('Jupyter message without the <IDS|MSG> delimiter');
  const signature = frames[at + 1];
  const parts = frames.slice(at + 2, at + 6);
  if (signature === undefined || parts.length < 4) throw new Error('Jupyter message with too few frames');
  const expected = Buffer.from(signParts(key, parts));
  if (key.length > 0 && (signature.length !== expected.length || !timingSafeEqual(signature, expected))) {
    throw new Error('Jupyter message with a bad HMAC signature');
  }
  const [header, parent, metadata, content] = parts.map((part) => JSON.parse(part.toString('utf8')) as unknown);
  return {
    header: header as MessageHeader,
    parent_header: parent as Partial<MessageHeader>,
    metadata: metadata as Record<string, unknown>,
    content: content as Record<string, unknown>,
  };
}
