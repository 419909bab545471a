/** A description as vendors write them: a project README with HTML, badges, headings, code and a 5,000-character data URL. */
export const README_DESCRIPTION = [
  '<p align="center"><img src="https://example.com/logo.png" width="200"></p>',
  '<div align="center"><a href="https://ci.example.com"><img src="https://img.shields.io/badge/build-passing-green"></a></div>',
  '# LangChain',
  '',
  '⚡ Build context-aware reasoning applications ⚡ [![Release](https://img.shields.io/pypi/v/langchain)](https://pypi.org/project/langchain/)',
  '',
  '## Quick install',
  '',
  '```bash',
  'pip install -U langchain',
  '```',
  '',
  'See [the docs](https://python.langchain.com) and <script>alert(1)</script> the `AutoModelForVision2Seq.from_pretrained` helper.',
  '',
  `![diagram](data:image/png;base64,${'A'.repeat(5000)})`,
  '',
  `Trace: https://example.com/${'x'.repeat(400)}`,
].join('\n');

