export function findChromium(): Promise<{ executablePath: string; source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium' }>;
