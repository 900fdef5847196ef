/**
 * torchlet for Node: the umbrella plus the optional native CPU backend (@torchlet/native), which
 * registers itself when its addon built and otherwise changes nothing. Browsers get ./index.
 */
import '@torchlet/native';

export * from './index';
