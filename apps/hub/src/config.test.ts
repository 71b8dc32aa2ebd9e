import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has sane defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ httpPort: 8080, mqttPort: 1883, host: '0.0.0.0', mqttUrl: undefined, logLevel: 'info' });
    expect(c.dataDir).toMatch(/\.data$/);
  });

  it('names every bad variable and its value', () => {
    const bad = () =>
      loadConfig({ GLASSBAY_HTTP_PORT: 'eighty', GLASSBAY_MQTT_URL: 'http://broker', GLASSBAY_LOG_LEVEL: 'loud' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/GLASSBAY_HTTP_PORT="eighty"/);
    expect(bad).toThrow(/GLASSBAY_MQTT_URL="http:\/\/broker": must be a URL such as mqtt:/);
    expect(bad).toThrow(/GLASSBAY_LOG_LEVEL="loud"/);
  });

  it('rejects a port out of range and takes an external broker URL', () => {
    expect(() => loadConfig({ GLASSBAY_MQTT_PORT: '70000' })).toThrow(/GLASSBAY_MQTT_PORT/);
    expect(loadConfig({ GLASSBAY_MQTT_URL: 'mqtt://127.0.0.1:1883' }).mqttUrl).toBe('mqtt://127.0.0.1:1883');
  });
});
