/** Imported first by fallback.test.ts: hides the addon before @torchlet/native loads. */
process.env['TORCHLET_NATIVE'] = '0';
