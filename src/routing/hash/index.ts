/** Hash functions of the real data planes (one file each, each checked against published vectors). */
export { murmur3x64_128, murmur3Into } from './murmur3.js';
export { xxhash64, xxhash64Into } from './xxhash64.js';
export { mod64 } from './u64.js';
export { hsiphash1u32, hsiphash1u32Mod, hsiphashBytes, sipKey, ipvsMhHashKey, ipvsMhHashKeyMod, IPVS_MH_KEY1, IPVS_MH_KEY2, IPVS_MH_TAB_SIZE, type SipKey } from './siphash.js';
export { jhash3words, bswap32, bswap16 } from './jhash.js';
