// An attacker's MQTT CONNECT that declares a huge packet, for the broker's abuse test and `pnpm bench
// abuse`: the broker must refuse it by its size before reading (or buffering) the body.

/** An MQTT CONNECT fixed header whose remaining length claims `bytes`. */
export function connectHeader(bytes: number): Buffer {
  const len: number[] = [];
  let x = bytes;
  do {
    let b = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) b |= 0x80;
    len.push(b);
  } while (x > 0);
  return Buffer.from([0x10, ...len]);
}
