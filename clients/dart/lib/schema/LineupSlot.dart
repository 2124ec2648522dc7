// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';

final class LineupSlot extends SchemaRef {
  LineupSlot(super.handle);

  String get id => view.getString('id') ?? '';
  String get pos => view.getString('pos') ?? '';
}
