import module from 'node:module';

// Node 22.1 and later can keep compiled code on disk between runs, which
// takes most of the cost of loading zod, yaml and the SDKs off every start.
// Node 20 has no such cache: there this does nothing.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
