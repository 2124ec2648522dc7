// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';

final class DuelCreature extends SchemaRef {
  DuelCreature(super.handle);

  String get card => view.getString('card') ?? '';
  ArraySchema<String> get stack => primitiveArrayOf('stack');
  double get hp => view['hp'];
  double get damage => view['damage'];
  ArraySchema<String> get energy => primitiveArrayOf('energy');
  ArraySchema<String> get status => primitiveArrayOf('status');
  double get sinceTurn => view['sinceTurn'];
}
