// The demo (`pnpm demo`) as the kiosk bench's child process: the hub with its broker, the eight demo
// bays with their sensors and the technicians' wristbands, one simulated workshop day after another at
// BENCH_KIOSK_SPEED simulated seconds per real second.
process.argv.push('--speed', process.env.BENCH_KIOSK_SPEED ?? '30', '--from', '09:00');
// Loaded by path at run time: the demo lists the screens' routes, and type-checking that browser code
// here (Node's types, no DOM) would only produce noise. scripts/ is checked with its own config.
const demo = '../../scripts/demo.ts';
await import(demo);
